/** Reads what `j1-integration collect` wrote under `<storage>/graph`. */
import { existsSync, readdirSync, readFileSync } from 'fs';
import path from 'path';

export interface CollectedEntity {
  _key: string;
  _type: string;
  _class: string | string[];
  [property: string]: unknown;
}

export interface CollectedRelationship {
  _key: string;
  _type: string;
  _class: string;
  _fromEntityKey?: string;
  _toEntityKey?: string;
  _mapping?: {
    relationshipDirection: 'FORWARD' | 'REVERSE';
    sourceEntityKey: string;
    targetFilterKeys: string[][];
    targetEntity: Record<string, unknown>;
    skipTargetCreation?: boolean;
  };
  [property: string]: unknown;
}

export interface CollectedGraph {
  entities: CollectedEntity[];
  relationships: CollectedRelationship[];
}

export function readCollectedGraph(storage: string): CollectedGraph {
  const graph: CollectedGraph = { entities: [], relationships: [] };
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) {
        const content = JSON.parse(
          readFileSync(full, 'utf8'),
        ) as Partial<CollectedGraph>;
        graph.entities.push(...(content.entities ?? []));
        graph.relationships.push(...(content.relationships ?? []));
      }
    }
  };
  walk(path.join(storage, 'graph'));
  return graph;
}

export interface StepSummary {
  integrationStepResults: Array<{
    id: string;
    status: string;
    partialTypes?: string[];
    declaredTypes?: string[];
  }>;
  metadata?: { partialDatasets?: { types?: string[] } };
}

export function readSummary(storage: string): StepSummary {
  return JSON.parse(
    readFileSync(path.join(storage, 'summary.json'), 'utf8'),
  ) as StepSummary;
}

/** `from|CLASS|to` for direct relationships; `source|CLASS|DIRECTION|accountId|accountType` for mapped. */
export function relationshipSignatures(
  relationships: CollectedRelationship[],
): string[] {
  return relationships
    .map((r) =>
      r._mapping
        ? `${r._mapping.sourceEntityKey}|${r._class}|${r._mapping.relationshipDirection}|${String(r._mapping.targetEntity.accountId)}|${String(r._mapping.targetEntity.accountType)}`
        : `${r._fromEntityKey}|${r._class}|${r._toEntityKey}`,
    )
    .sort();
}

/** Entity keys grouped by `_type`, each list sorted: the shape `expectedGraph` gives. */
export function entityKeysByType(
  entities: Array<{ _type: string; _key: string }>,
): Record<string, string[]> {
  const byType: Record<string, string[]> = {};
  for (const e of entities) (byType[e._type] ??= []).push(e._key);
  for (const keys of Object.values(byType)) keys.sort();
  return byType;
}
