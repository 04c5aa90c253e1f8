/**
 * Reads what `j1-integration collect` wrote: `<storage>/graph/<step>/{entities,relationships}/*.json`
 * and `<storage>/summary.json`. The pages read the graph one file at a time, so a collection with
 * hundreds of thousands of relationships never has to sit in memory as objects all at once.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import path from 'path';

export interface GraphEntity {
  _key: string;
  _type: string;
  _class: string | string[];
  [property: string]: unknown;
}

export interface RelationshipMapping {
  relationshipDirection: 'FORWARD' | 'REVERSE';
  sourceEntityKey: string;
  targetFilterKeys: string[][];
  targetEntity: Record<string, unknown>;
  skipTargetCreation?: boolean;
}

export interface GraphRelationship {
  _key: string;
  _type: string;
  _class: string;
  _fromEntityKey?: string;
  _toEntityKey?: string;
  _mapping?: RelationshipMapping;
  [property: string]: unknown;
}

export interface StepResult {
  id: string;
  name?: string;
  status: string;
  declaredTypes?: string[];
  partialTypes?: string[];
  encounteredTypes?: string[];
}

export interface CollectionSummary {
  integrationStepResults: StepResult[];
  metadata?: { partialDatasets?: { types?: string[] } };
}

interface GraphFileContent {
  entities?: GraphEntity[];
  relationships?: GraphRelationship[];
}

function graphFiles(storage: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) files.push(full);
    }
  };
  walk(path.join(storage, 'graph'));
  // Directory order differs between file systems; sorted, every reader sees the same order.
  return files.sort();
}

function readGraphFile(file: string): GraphFileContent {
  return JSON.parse(readFileSync(file, 'utf8')) as GraphFileContent;
}

/** Calls `visit` for every entity, one graph file at a time. */
export function forEachEntity(
  storage: string,
  visit: (entity: GraphEntity) => void,
): void {
  for (const file of graphFiles(storage)) {
    if (!file.includes(`${path.sep}entities${path.sep}`)) continue;
    for (const entity of readGraphFile(file).entities ?? []) visit(entity);
  }
}

/** Calls `visit` for every relationship, one graph file at a time. */
export function forEachRelationship(
  storage: string,
  visit: (relationship: GraphRelationship) => void,
): void {
  for (const file of graphFiles(storage)) {
    if (!file.includes(`${path.sep}relationships${path.sep}`)) continue;
    for (const r of readGraphFile(file).relationships ?? []) visit(r);
  }
}

/**
 * Counts entities and relationships one graph file at a time, and stops reading files once the
 * count passes `max`: a caller that only needs to know "over the limit" should not parse a
 * million objects to learn it. The count returned is exact up to `max`, a lower bound above.
 */
export function countGraphObjectsUpTo(storage: string, max: number): number {
  let count = 0;
  for (const file of graphFiles(storage)) {
    const content = readGraphFile(file);
    count +=
      (content.entities?.length ?? 0) + (content.relationships?.length ?? 0);
    if (count > max) break;
  }
  return count;
}

/** The whole graph in memory: for small collections and tests. */
export function readCollectedGraph(storage: string): {
  entities: GraphEntity[];
  relationships: GraphRelationship[];
} {
  const entities: GraphEntity[] = [];
  const relationships: GraphRelationship[] = [];
  forEachEntity(storage, (e) => entities.push(e));
  forEachRelationship(storage, (r) => relationships.push(r));
  return { entities, relationships };
}

/** The run's summary and when it was written, or undefined when the collection never finished. */
export function readSummary(
  storage: string,
): { summary: CollectionSummary; writtenAt: Date } | undefined {
  const file = path.join(storage, 'summary.json');
  if (!existsSync(file)) return undefined;
  return {
    summary: JSON.parse(readFileSync(file, 'utf8')) as CollectionSummary,
    writtenAt: statSync(file).mtime,
  };
}
