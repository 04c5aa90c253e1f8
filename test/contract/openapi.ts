/**
 * Validates JSON bodies against the official Bitbucket Cloud OpenAPI 3.0 description in
 * `../shared/bitbucket/openapi/`, with the few allowances the real API needs (listed below).
 */
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'fs';
import path from 'path';

export const SPEC_PATH = path.resolve(
  __dirname,
  '../../../shared/bitbucket/openapi/bitbucket-cloud.swagger.v3.json',
);

type Schema = Record<string, unknown>;

interface Spec {
  paths: Record<
    string,
    Record<
      string,
      {
        responses: Record<
          string,
          { content?: Record<string, { schema?: Schema }> }
        >;
      }
    >
  >;
  components: { schemas: Record<string, Schema> };
}

/**
 * Where the real API differs from the spec, each with its evidence
 * (`../shared/docs/bitbucket-cloud-api.md` §7 and §10, `../shared/bitbucket/recordings/`):
 */
export const ALLOWANCES = [
  // The "privilege scopes" 403 answers detail: {required, granted} (§7).
  'error.error.detail may be an object',
  // The error guide documents `fields` and `id`; the schema forbids them (§7).
  'error.error may carry fields and id',
  // Recorded: workspace links hooks/html_overview, project links self/repositories, repository
  // links branches/tags/source — the spec's links objects forbid undeclared names (§10.4).
  'links objects may carry link names the spec does not declare',
  // Recorded: repository clone links include `git@bitbucket.org:ws/repo.git`, not a URI.
  'link hrefs need not be URIs',
  // Recorded: `"parent": null`; the API likewise writes null for an empty repository's
  // mainbranch and an open pull request's merge_commit and closed_by.
  'repository.parent, repository.mainbranch, pullrequest.merge_commit and pullrequest.closed_by may be null',
  // Recorded: a project without a description answers `"description": null`.
  'project.description may be null',
  // Recorded (fetch-repo-branch-restrictions.har): kinds without a number answer `"value": null`.
  'branchrestriction.value may be null',
  // The schema's own description: `name` "will be `null` if targeting the main branch and the
  // repository is empty", though its type is string.
  'branching model development.name and production.name may be null',
] as const;

const NULLABLE: Record<string, string[]> = {
  repository: ['parent', 'mainbranch'],
  pullrequest: ['merge_commit', 'closed_by'],
  project: ['description'],
  branchrestriction: ['value'],
};

function applyAllowances(schemas: Record<string, Schema>): void {
  const error = schemas.error as {
    properties: { error: Schema & { properties: Schema } };
  };
  const inner = error.properties.error;
  inner.properties = {
    ...inner.properties,
    detail: { anyOf: [{ type: 'string' }, { type: 'object' }] },
    fields: { type: 'object' },
    id: { type: 'string' },
  };
  const relaxLinks = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(relaxLinks);
    if (node === null || typeof node !== 'object') return;
    const obj = node as Schema;
    const props = obj.properties as Record<string, Schema> | undefined;
    if (props?.links && typeof props.links === 'object') {
      props.links.additionalProperties = true;
    }
    if (props?.href && props.href.format === 'uri') {
      delete props.href.format;
    }
    Object.values(obj).forEach(relaxLinks);
  };
  relaxLinks(schemas);
  for (const name of ['branching_model', 'effective_repo_branching_model']) {
    for (const part of schemas[name].allOf as Schema[]) {
      const props = part.properties as Record<string, Schema> | undefined;
      for (const target of ['development', 'production']) {
        const inner = props?.[target]?.properties as
          Record<string, Schema> | undefined;
        if (inner?.name) inner.name = { anyOf: [inner.name, { type: 'null' }] };
      }
    }
  }
  for (const [name, fields] of Object.entries(NULLABLE)) {
    const parts = (schemas[name].allOf as Schema[] | undefined) ?? [
      schemas[name],
    ];
    for (const part of parts) {
      const props = part.properties as Record<string, Schema> | undefined;
      for (const field of fields) {
        if (props?.[field])
          props[field] = { anyOf: [props[field], { type: 'null' }] };
      }
    }
  }
}

/** OpenAPI 3.0 schema → JSON Schema for ajv: `nullable`, no discriminator, no vendor keys. */
function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (node === null || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node as Schema)) {
    if (key === 'discriminator' || key === 'example' || key.startsWith('x-'))
      continue;
    if (key === 'nullable') continue;
    out[key] = convert(value);
  }
  if ((node as Schema).nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else return { anyOf: [out, { type: 'null' }] };
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
  }
  return out;
}

let cached:
  | { ajv: Ajv; spec: Spec; validators: Map<string, ValidateFunction> }
  | undefined;

function load() {
  if (cached) return cached;
  const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as Spec;
  const schemas = convert(spec.components.schemas) as Record<string, Schema>;
  applyAllowances(schemas);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'bitbucket', components: { schemas } });
  cached = { ajv, spec, validators: new Map() };
  return cached;
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    (e) =>
      `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}

/** Errors of `body` against a named component schema (`pullrequest`, `error`, …). */
export function validateSchema(name: string, body: unknown): string[] {
  const { ajv, validators } = load();
  let validate = validators.get(name);
  if (!validate) {
    validate = ajv.compile({ $ref: `bitbucket#/components/schemas/${name}` });
    validators.set(name, validate);
  }
  return validate(body) ? [] : describe(validate.errors);
}

/** The component schema the spec declares for a response, e.g. `paginated_pullrequests`. */
export function responseSchemaName(
  method: string,
  pathTemplate: string,
  status: number,
): string {
  const { spec } = load();
  const operation = spec.paths[pathTemplate]?.[method.toLowerCase()];
  const schema = operation?.responses[String(status)]?.content?.[
    'application/json'
  ]?.schema as { $ref?: string } | undefined;
  if (!schema?.$ref) {
    throw new Error(
      `The spec declares no JSON schema for ${method} ${pathTemplate} ${status}`,
    );
  }
  return schema.$ref.replace('#/components/schemas/', '');
}

/** Errors of a response body against what the spec declares for that operation and status. */
export function validateAgainstSpec(
  method: string,
  pathTemplate: string,
  status: number,
  body: unknown,
): string[] {
  return validateSchema(responseSchemaName(method, pathTemplate, status), body);
}
