/**
 * Documentation that cannot drift: the Data Model block in docs/jupiterone.md is what
 * `j1-integration document` writes today, and every managed question is valid for the CLI and
 * asks about types and properties this integration really collects.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'fs';
import { load } from 'js-yaml';
import path from 'path';

import { invocationConfig } from '../../src';
import { makeProjectDir, ROOT, runCli } from '../cli/run-cli';
import { readCollectedGraph } from '../helpers/graph-files';
import {
  collectSampleWorkspace,
  SampleCollection,
} from '../helpers/sample-collection';

const DOCS = path.join(ROOT, 'docs', 'jupiterone.md');
const QUESTIONS = path.join(ROOT, 'jupiterone', 'questions', 'questions.yaml');

describe('docs/jupiterone.md', () => {
  it('carries the Data Model block j1-integration document generates now', async () => {
    // `document` resolves its output inside the project: use a throw-away project whose `src`
    // is ours, holding a copy of the committed page.
    const project = makeProjectDir();
    try {
      const copy = path.join(project.dir, 'docs', 'jupiterone.md');
      mkdirSync(path.dirname(copy));
      copyFileSync(DOCS, copy);
      const result = await runCli(['document', '-p', project.dir], {});
      expect(result.output).toContain('Successfully generated documentation');
      expect(readFileSync(copy, 'utf8')).toBe(readFileSync(DOCS, 'utf8'));
    } finally {
      project.remove();
    }
  });

  it('documents every entity and relationship type the steps declare', () => {
    const docs = readFileSync(DOCS, 'utf8');
    for (const step of invocationConfig.integrationSteps) {
      for (const e of step.entities) expect(docs).toContain(`\`${e._type}\``);
      for (const r of step.relationships) {
        expect(docs).toMatch(
          new RegExp(
            `\`${r.sourceType}\`\\s*\\|\\s*\\*\\*${r._class}\\*\\*\\s*\\|\\s*\`${r.targetType}\``,
          ),
        );
      }
    }
  });
});

interface QuestionFile {
  questions: Array<{ id: string; queries: Array<{ query: string }> }>;
}

describe('jupiterone/questions/questions.yaml', () => {
  let sample: SampleCollection;
  const properties = new Map<string, Set<string>>();

  beforeAll(async () => {
    sample = await collectSampleWorkspace();
    for (const e of readCollectedGraph(sample.project.storage).entities) {
      const set = properties.get(e._type) ?? new Set<string>();
      Object.keys(e).forEach((k) => set.add(k));
      properties.set(e._type, set);
    }
  });
  afterAll(() => sample?.close());

  it('passes j1-integration validate-question-file', async () => {
    const result = await runCli(
      ['validate-question-file', '-p', QUESTIONS, '--dry-run'],
      {},
    );
    expect(result.output).not.toMatch(/error/i);
    expect(result.code).toBe(0);
  });

  it('asks only about collected types and properties', () => {
    const file = load(readFileSync(QUESTIONS, 'utf8')) as QuestionFile;
    expect(file.questions.length).toBeGreaterThanOrEqual(8);
    const declared = new Set(
      invocationConfig.integrationSteps.flatMap((s) =>
        s.entities.map((e) => e._type),
      ),
    );
    for (const question of file.questions) {
      for (const { query } of question.queries) {
        const types = [...query.matchAll(/\bbitbucket_\w+/g)].map((m) => m[0]);
        expect(types.length).toBeGreaterThan(0);
        for (const t of types)
          expect([question.id, declared.has(t)]).toEqual([question.id, true]);
        const known = new Set(
          types.flatMap((t) => [...(properties.get(t) ?? [])]),
        );
        const used = [
          ...[
            ...query.matchAll(/(?:WITH|AND|OR)\s+(\w+)\s*(?:=|!=|>|<|~=)/g),
          ].map((m) => m[1]),
          ...[...query.matchAll(/\b[a-z]+\.(\w+)\b/g)]
            .filter((m) => !m[0].startsWith('date.'))
            .map((m) => m[1]),
        ];
        for (const p of used)
          expect([question.id, p, known.has(p)]).toEqual([
            question.id,
            p,
            true,
          ]);
      }
    }
  });
});
