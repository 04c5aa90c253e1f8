/** Counts what the SDK's file store wrote under `<storage>/graph`, by entity type and relationship class. */
import { existsSync, readdirSync, readFileSync } from 'fs';
import path from 'path';

export interface GraphCounts {
  entitiesByType: Map<string, number>;
  relationshipsByClass: Map<string, number>;
  entities: number;
  relationships: number;
}

interface GraphFile {
  entities?: Array<{ _type: string }>;
  relationships?: Array<{ _class: string }>;
}

function add(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export function countGraph(storage: string): GraphCounts {
  const counts: GraphCounts = {
    entitiesByType: new Map(),
    relationshipsByClass: new Map(),
    entities: 0,
    relationships: 0,
  };
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) {
        const file = JSON.parse(readFileSync(full, 'utf8')) as GraphFile;
        for (const { _type } of file.entities ?? []) {
          add(counts.entitiesByType, _type);
          counts.entities++;
        }
        for (const { _class } of file.relationships ?? []) {
          add(counts.relationshipsByClass, _class);
          counts.relationships++;
        }
      }
    }
  };
  walk(path.join(storage, 'graph'));
  return counts;
}
