/**
 * Checks one hand-written extension of the generated types (`src/bitbucket/api-extensions.ts`)
 * against its evidence: the official spec in `../shared/bitbucket/openapi/` and the recordings in
 * `../shared/bitbucket/recordings/`.
 */
import { readFileSync } from 'fs';

import type { Evidence } from '../../src/bitbucket/api-extensions';
import { SPEC_PATH } from './openapi';
import { recordedResponses } from './recordings';

type Node = Record<string, unknown>;

interface Spec {
  paths: Record<string, Record<string, Node>>;
  components: { schemas: Record<string, Node> };
}

let spec: Spec | undefined;
function loadSpec(): Spec {
  spec ??= JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Spec;
  return spec;
}

function deref(node: Node): Node {
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  return deref(loadSpec().components.schemas[ref.split('/').pop() ?? '']);
}

/** The properties a schema declares, its `allOf` parts included. */
export function declaredProperties(schema: Node): Record<string, Node> {
  const node = deref(schema);
  const out: Record<string, Node> = {};
  for (const part of (node.allOf as Node[] | undefined) ?? []) {
    Object.assign(out, declaredProperties(part));
  }
  Object.assign(out, (node.properties as Record<string, Node>) ?? {});
  return out;
}

/** Every `[parent, key]` that `at` (`values[].user.links`) reaches in `body`. */
export function reach(body: unknown, at: string): Array<[Node, string]> {
  const steps = at.split('.');
  const last = steps.pop() ?? '';
  let nodes: unknown[] = [body];
  for (const step of steps) {
    const each = step.endsWith('[]');
    const key = each ? step.slice(0, -2) : step;
    nodes = nodes.flatMap((n) => {
      const child =
        n !== null && typeof n === 'object' ? (n as Node)[key] : undefined;
      if (each) return Array.isArray(child) ? (child as unknown[]) : [];
      return child === undefined ? [] : [child];
    });
  }
  return nodes
    .filter((n): n is Node => n !== null && typeof n === 'object')
    .map((n) => [n, last]);
}

function bodiesOf(evidence: Evidence): unknown[] {
  if ('recording' in evidence) {
    return recordedResponses()
      .filter(
        (r) =>
          r.file === evidence.recording &&
          r.method === 'GET' &&
          r.status === 200,
      )
      .map((r) => r.body);
  }
  if ('specExample' in evidence) {
    const [method, template] = evidence.specExample.split(' ');
    const operation = loadSpec().paths[template]?.[method.toLowerCase()];
    const responses = operation?.responses as Node | undefined;
    const ok = responses?.['200'] as Node | undefined;
    const content = ok?.content as Record<string, Node> | undefined;
    const examples = content?.['application/json']?.examples as
      Record<string, { value?: unknown }> | undefined;
    return Object.values(examples ?? {}).map((e) => e.value);
  }
  return [];
}

/**
 * What is wrong with the claim that `schema.field` needs an extension, on this evidence: an
 * empty list when the evidence shows a field the spec does not declare, a `null` the spec does
 * not allow, or link names the spec does not list.
 */
export function evidenceProblems(
  schemaName: string,
  field: string,
  evidence: Evidence,
): string[] {
  const where = `${schemaName}.${field}`;
  const schema = loadSpec().components.schemas[schemaName];
  if (!schema) return [`${where}: the spec has no schema "${schemaName}"`];
  const declared = declaredProperties(schema)[field];
  const declaredNode = declared ? deref(declared) : undefined;
  if (declaredNode?.nullable === true) {
    return [`${where}: the spec already allows null; drop the extension`];
  }
  if ('specDescription' in evidence) {
    const description =
      typeof declaredNode?.description === 'string'
        ? declaredNode.description
        : '';
    return declared && evidence.specDescription === where
      ? description.includes(evidence.says)
        ? []
        : [`${where}: the spec's description does not say "${evidence.says}"`]
      : [`${where}: evidence names ${evidence.specDescription}`];
  }
  if (!evidence.at.endsWith(field)) {
    return [`${where}: evidence path ${evidence.at} is about another field`];
  }
  const reached = bodiesOf(evidence).flatMap((b) => reach(b, evidence.at));
  const present = reached.filter(([parent, key]) => key in parent);
  const source =
    'recording' in evidence ? evidence.recording : evidence.specExample;
  if (present.length === 0) return [`${where}: not found in ${source}`];
  if (field === 'links') {
    const names = new Set(Object.keys(declaredProperties(declared ?? {})));
    const extra = present.flatMap(([parent, key]) =>
      Object.keys((parent[key] as Node | null) ?? {}).filter(
        (name) => !names.has(name),
      ),
    );
    return extra.length > 0
      ? []
      : [`${where}: ${source} has only link names the spec declares`];
  }
  if (!declared) return [];
  return present.some(([parent, key]) => parent[key] === null)
    ? []
    : [`${where}: declared by the spec and never null in ${source}`];
}
