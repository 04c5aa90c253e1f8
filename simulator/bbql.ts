/**
 * A small BBQL (Bitbucket query language) parser and evaluator for the simulator's `q=`:
 * comparisons (`=`, `!=`, `~`, `!~`, `>`, `>=`, `<`, `<=`, `IN`, `NOT IN`), `AND`/`OR`,
 * parentheses; strings in double quotes, numbers, `true`/`false`/`null`, unquoted ISO-8601
 * datetimes (UTC when no offset) and lists. As documented in "Filter and sort API objects".
 */

export class BbqlError extends Error {}

type Literal = string | number | boolean | null | Date;

export type BbqlNode =
  | { kind: 'and' | 'or'; left: BbqlNode; right: BbqlNode }
  | { kind: 'cmp'; field: string; op: string; value: Literal }
  | { kind: 'in'; field: string; negated: boolean; values: Literal[] };

const DATETIME =
  /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

interface Token {
  type: 'word' | 'string' | 'op' | '(' | ')' | ',';
  text: string;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ type: c, text: c });
      i++;
    } else if (c === '"') {
      let text = '';
      i++;
      while (i < input.length && input[i] !== '"') {
        if (input[i] === '\\' && i + 1 < input.length) i++;
        text += input[i++];
      }
      if (input[i] !== '"') throw new BbqlError('Unterminated string');
      i++;
      tokens.push({ type: 'string', text });
    } else if (/[=!~<>]/.test(c)) {
      const two = input.slice(i, i + 2);
      const op = ['!=', '!~', '>=', '<='].includes(two) ? two : c;
      if (op === '!') throw new BbqlError(`Unexpected character at ${i}`);
      tokens.push({ type: 'op', text: op });
      i += op.length;
    } else {
      let text = '';
      while (i < input.length && !/[\s()",=!~<>]/.test(input[i]))
        text += input[i++];
      tokens.push({ type: 'word', text });
    }
  }
  return tokens;
}

export function parseBbql(input: string): BbqlNode {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => {
    const t = tokens[pos++];
    if (!t) throw new BbqlError('Unexpected end of query');
    return t;
  };
  const isWord = (t: Token | undefined, w: string) =>
    t?.type === 'word' && t.text.toUpperCase() === w;

  const literal = (t: Token): Literal => {
    if (t.type === 'string') return t.text;
    if (t.type !== 'word') throw new BbqlError(`Unexpected '${t.text}'`);
    if (t.text === 'true') return true;
    if (t.text === 'false') return false;
    if (t.text === 'null') return null;
    if (/^-?\d+(\.\d+)?$/.test(t.text)) return Number(t.text);
    if (DATETIME.test(t.text)) {
      const hasOffset =
        /(Z|[+-]\d{2}:?\d{2})$/.test(t.text) && t.text.includes('T');
      const d = new Date(
        hasOffset
          ? t.text
          : `${t.text}${t.text.includes('T') ? 'Z' : 'T00:00:00Z'}`,
      );
      if (isNaN(d.getTime())) throw new BbqlError(`Invalid datetime ${t.text}`);
      return d;
    }
    throw new BbqlError(`Invalid value '${t.text}'`);
  };

  const comparison = (): BbqlNode => {
    const field = next();
    if (field.type !== 'word')
      throw new BbqlError(`Expected a field, got '${field.text}'`);
    if (isWord(peek(), 'NOT') || isWord(peek(), 'IN')) {
      const negated = isWord(peek(), 'NOT');
      if (negated) next();
      if (!isWord(next(), 'IN')) throw new BbqlError('Expected IN');
      if (next().type !== '(') throw new BbqlError('Expected (');
      const values: Literal[] = [];
      for (;;) {
        values.push(literal(next()));
        const sep = next();
        if (sep.type === ')') break;
        if (sep.type !== ',') throw new BbqlError('Expected , or )');
      }
      return { kind: 'in', field: field.text, negated, values };
    }
    const op = next();
    if (op.type !== 'op')
      throw new BbqlError(`Expected an operator after ${field.text}`);
    return {
      kind: 'cmp',
      field: field.text,
      op: op.text,
      value: literal(next()),
    };
  };

  const factor = (): BbqlNode => {
    if (peek()?.type === '(') {
      next();
      const inner = expression();
      if (next().type !== ')') throw new BbqlError('Expected )');
      return inner;
    }
    return comparison();
  };

  const term = (): BbqlNode => {
    let left = factor();
    while (isWord(peek(), 'AND')) {
      next();
      left = { kind: 'and', left, right: factor() };
    }
    return left;
  };

  const expression = (): BbqlNode => {
    let left = term();
    while (isWord(peek(), 'OR')) {
      next();
      left = { kind: 'or', left, right: term() };
    }
    return left;
  };

  const tree = expression();
  if (pos !== tokens.length)
    throw new BbqlError(`Unexpected '${tokens[pos].text}'`);
  return tree;
}

/** Every field path a query mentions, for the per-endpoint "does not support filtering" check. */
/**
 * Refuses a datetime field compared with anything but an unquoted datetime (or null): the
 * filtering guide documents datetimes as unquoted ISO-8601, and whether Bitbucket also takes a
 * quoted one is unconfirmed, so the strict reading stands (a client that quotes fails here).
 */
export function checkDatetimeLiterals(node: BbqlNode): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      checkDatetimeLiterals(node.left);
      checkDatetimeLiterals(node.right);
      return;
    default: {
      if (!/(^|\.)(created_on|updated_on)$/.test(node.field)) return;
      const values = node.kind === 'in' ? node.values : [node.value];
      for (const v of values) {
        if (v !== null && !(v instanceof Date)) {
          throw new BbqlError(
            `${node.field} takes an unquoted datetime, not ${JSON.stringify(v)}`,
          );
        }
      }
    }
  }
}

export function bbqlFields(node: BbqlNode): string[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      return [...bbqlFields(node.left), ...bbqlFields(node.right)];
    default:
      return [node.field];
  }
}

/** Values at a dotted path; arrays fan out, so `reviewers.uuid` matches any reviewer. */
function valuesAt(obj: unknown, path: string[]): unknown[] {
  if (path.length === 0) return [obj];
  if (Array.isArray(obj)) return obj.flatMap((o) => valuesAt(o, path));
  if (obj === null || typeof obj !== 'object') return [];
  return valuesAt((obj as Record<string, unknown>)[path[0]], path.slice(1));
}

function compare(actual: unknown, op: string, expected: Literal): boolean {
  if (expected instanceof Date) {
    if (typeof actual !== 'string') return false;
    const a = new Date(actual).getTime();
    const e = expected.getTime();
    switch (op) {
      case '=':
        return a === e;
      case '!=':
        return a !== e;
      case '>':
        return a > e;
      case '>=':
        return a >= e;
      case '<':
        return a < e;
      case '<=':
        return a <= e;
      default:
        throw new BbqlError(`Operator ${op} is not supported for datetimes`);
    }
  }
  switch (op) {
    case '=':
      return actual === expected || (actual === undefined && expected === null);
    case '!=':
      return actual !== expected;
    case '~':
      return String(actual)
        .toLowerCase()
        .includes(String(expected).toLowerCase());
    case '!~':
      return !String(actual)
        .toLowerCase()
        .includes(String(expected).toLowerCase());
    case '>':
      return (actual as number | string) > (expected as number | string);
    case '>=':
      return (actual as number | string) >= (expected as number | string);
    case '<':
      return (actual as number | string) < (expected as number | string);
    case '<=':
      return (actual as number | string) <= (expected as number | string);
    default:
      throw new BbqlError(`Unknown operator ${op}`);
  }
}

export function evaluateBbql(node: BbqlNode, obj: unknown): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateBbql(node.left, obj) && evaluateBbql(node.right, obj);
    case 'or':
      return evaluateBbql(node.left, obj) || evaluateBbql(node.right, obj);
    case 'in': {
      const found = valuesAt(obj, node.field.split('.')).some((v) =>
        node.values.some((e) => compare(v, '=', e)),
      );
      return node.negated ? !found : found;
    }
    case 'cmp': {
      const values = valuesAt(obj, node.field.split('.'));
      if (values.length === 0) return node.op === '=' && node.value === null;
      return values.some((v) => compare(v, node.op, node.value));
    }
  }
}
