import { invalidInput } from './errors.ts';

/** What a predicate may name at one level: the parser rejects unknown fields and ill-typed values up front. */
export type FieldSpec =
  | { kind: 'leaf'; type: 'string' | 'number' | 'boolean' | 'datetime' }
  | { kind: 'object'; fields: Record<string, FieldSpec> }
  | { kind: 'array'; element: FieldSpec }
  | { kind: 'open' }; // custom fields and LocalizedStrings: any name, any value

/** A DateTime field's value is compared as an instant (`…:00Z` equals `…:00.000Z`), as commercetools does. */
export type Literal = string | number | bigint | boolean | Date;
export type CompareOp = '=' | '!=' | '<' | '>' | '<=' | '>=';

export type PredicateNode =
  | { kind: 'and' | 'or'; left: PredicateNode; right: PredicateNode }
  | { kind: 'not'; expr: PredicateNode }
  | { kind: 'nested'; field: string; expr: PredicateNode }
  | { kind: 'compare'; field: string; op: CompareOp; value: Literal }
  | { kind: 'in'; field: string; negated: boolean; values: Literal[] }
  | { kind: 'defined' | 'empty'; field: string; negated: boolean }
  | { kind: 'contains'; field: string; mode: 'any' | 'all'; values: Literal[] };

type TokenType = 'ident' | 'string' | 'number' | 'op' | '(' | ')' | ',' | 'var' | 'eof';
interface Token { type: TokenType; text: string; pos: number }

const OPERATORS = ['<>', '!=', '<=', '>=', '<', '>', '='];
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Parses one `where` value against `root`; `vars` holds the `var.<name>` query parameters. */
export function parsePredicate(text: string, root: FieldSpec, vars: ReadonlyMap<string, string[]>): PredicateNode {
  const parser = new Parser(text, tokenize(text), vars);
  const node = parser.expression(root);
  parser.expect('eof', 'end of input');
  return node;
}

function syntaxError(text: string, pos: number, detail: string): Error {
  return invalidInput(
    `Malformed parameter: where: ${detail} (line 1, column ${pos + 1}) in '${text}'`,
  );
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (/\s/.test(ch)) { i++; continue; }
    if (ch === '(' || ch === ')' || ch === ',') { tokens.push({ type: ch, text: ch, pos: i }); i++; continue; }
    if (ch === '"') { const end = readString(text, i); tokens.push({ type: 'string', text: end.value, pos: i }); i = end.next; continue; }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) { tokens.push({ type: 'op', text: op === '<>' ? '!=' : op, pos: i }); i += op.length; continue; }
    const rest = text.slice(i);
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (number) { tokens.push({ type: 'number', text: number[0], pos: i }); i += number[0].length; continue; }
    const variable = /^:([A-Za-z0-9]+)/.exec(rest);
    if (variable) { tokens.push({ type: 'var', text: variable[1] ?? '', pos: i }); i += variable[0].length; continue; }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (ident) { tokens.push({ type: 'ident', text: ident[0], pos: i }); i += ident[0].length; continue; }
    throw syntaxError(text, i, `Syntax error: unexpected character '${ch}'.`);
  }
  tokens.push({ type: 'eof', text: '', pos: text.length });
  return tokens;
}

function readString(text: string, start: number): { value: string; next: number } {
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r' };
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '"') return { value, next: i + 1 };
    if (ch === '\\') {
      i++;
      const next = text.charAt(i);
      value += escapes[next] ?? next;
    } else {
      value += ch;
    }
  }
  throw syntaxError(text, start, 'Syntax error: unterminated string literal.');
}

class Parser {
  private index = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly vars: ReadonlyMap<string, string[]>,
  ) {}

  expression(spec: FieldSpec): PredicateNode {
    let left = this.conjunction(spec);
    while (this.isKeyword('or')) { this.index++; left = { kind: 'or', left, right: this.conjunction(spec) }; }
    return left;
  }

  expect(type: TokenType, what: string): Token {
    const token = this.peek();
    if (token.type !== type) throw this.error(token, `Expected ${what} but found ${describe(token)}.`);
    this.index++;
    return token;
  }

  private conjunction(spec: FieldSpec): PredicateNode {
    let left = this.unary(spec);
    while (this.isKeyword('and')) { this.index++; left = { kind: 'and', left, right: this.unary(spec) }; }
    return left;
  }

  private unary(spec: FieldSpec): PredicateNode {
    if (this.isKeyword('not') && this.peek(1).type === '(') {
      this.index += 2;
      const expr = this.expression(spec);
      this.expect(')', "')'");
      return { kind: 'not', expr };
    }
    if (this.peek().type === '(') {
      this.index++;
      const expr = this.expression(spec);
      this.expect(')', "')'");
      return expr;
    }
    return this.condition(spec);
  }

  private condition(spec: FieldSpec): PredicateNode {
    const name = this.expect('ident', 'a field name');
    const field = name.text;
    const child = childSpec(spec, field);
    if (!child) throw this.error(name, `Unknown field '${field}'.`);
    const token = this.peek();
    if (token.type === '(') {
      const inner = child.kind === 'array' ? child.element : child;
      if (inner.kind === 'leaf') throw this.error(token, `Field '${field}' has no sub-fields.`);
      this.index++;
      const expr = this.expression(inner);
      this.expect(')', "')'");
      return { kind: 'nested', field, expr };
    }
    if (token.type === 'op') {
      this.index++;
      return { kind: 'compare', field, op: token.text as CompareOp, value: this.value(child, field) };
    }
    if (this.isKeyword('not') && this.isKeyword('in', 1)) {
      this.index += 2;
      return { kind: 'in', field, negated: true, values: this.list(child, field) };
    }
    if (this.isKeyword('in')) { this.index++; return { kind: 'in', field, negated: false, values: this.list(child, field) }; }
    if (this.isKeyword('is')) {
      this.index++;
      const negated = this.isKeyword('not');
      if (negated) this.index++;
      const which = this.peek();
      const kind = which.text.toLowerCase();
      if (which.type !== 'ident' || (kind !== 'defined' && kind !== 'empty')) {
        throw this.error(which, `Expected 'defined' or 'empty' but found ${describe(which)}.`);
      }
      this.index++;
      return { kind: kind === 'defined' ? 'defined' : 'empty', field, negated };
    }
    if (this.isKeyword('contains')) {
      this.index++;
      const mode = this.peek().text.toLowerCase();
      if (mode !== 'any' && mode !== 'all') throw this.error(this.peek(), "Expected 'any' or 'all'.");
      this.index++;
      return { kind: 'contains', field, mode, values: this.list(child, field) };
    }
    throw this.error(token, `Expected an operator after '${field}' but found ${describe(token)}.`);
  }

  /** `( v, … )` or a `:var` whose values all count. */
  private list(spec: FieldSpec, field: string): Literal[] {
    const token = this.peek();
    if (token.type === 'var') {
      this.index++;
      return this.variable(token).map((raw) => this.coerce(raw, spec, field, token));
    }
    this.expect('(', "'('");
    const values = [this.value(spec, field)];
    while (this.peek().type === ',') { this.index++; values.push(this.value(spec, field)); }
    this.expect(')', "')'");
    return values;
  }

  private value(spec: FieldSpec, field: string): Literal {
    const token = this.peek();
    this.index++;
    if (token.type === 'var') {
      const values = this.variable(token);
      if (values.length !== 1) throw this.error(token, `Variable ':${token.text}' has ${values.length} values; use it with 'in'.`);
      return this.coerce(values[0] ?? '', spec, field, token);
    }
    let literal: Literal;
    if (token.type === 'string') literal = token.text;
    else if (token.type === 'number') literal = /^-?\d+$/.test(token.text) ? BigInt(token.text) : Number(token.text);
    else if (token.type === 'ident' && /^(true|false)$/i.test(token.text)) literal = token.text.toLowerCase() === 'true';
    else throw this.error(token, `Expected a value but found ${describe(token)}.`);
    const expected = spec.kind === 'leaf' ? spec.type : spec.kind === 'open' ? undefined : 'leaf';
    if (expected === 'leaf') throw this.error(token, `Field '${field}' cannot be compared; name one of its sub-fields.`);
    if (expected === 'datetime') {
      if (typeof literal !== 'string') throw this.error(token, `Field '${field}' expects a date-time string.`);
      return this.dateTime(literal, field, token);
    }
    const actual = typeof literal === 'bigint' ? 'number' : typeof literal;
    if (expected && actual !== expected) throw this.error(token, `Field '${field}' expects a ${expected} value.`);
    return literal;
  }

  /** Query variables arrive as text; they take the type of the field they are compared with. */
  private coerce(raw: string, spec: FieldSpec, field: string, token: Token): Literal {
    if (spec.kind !== 'leaf' || spec.type === 'string') return raw;
    if (spec.type === 'datetime') return this.dateTime(raw, field, token);
    if (spec.type === 'boolean') {
      if (raw === 'true' || raw === 'false') return raw === 'true';
    } else if (/^-?\d+$/.test(raw)) {
      return BigInt(raw);
    } else if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw)) {
      return Number(raw);
    }
    throw this.error(token, `Variable ':${token.text}' is not a valid ${spec.type} for field '${field}'.`);
  }

  private dateTime(text: string, field: string, token: Token): Date {
    const instant = DATE_TIME.test(text) ? new Date(text) : undefined;
    if (instant === undefined || Number.isNaN(instant.getTime())) {
      throw this.error(token, `Field '${field}' expects a date-time such as "2026-01-01T00:00:00.000Z".`);
    }
    return instant;
  }

  private variable(token: Token): string[] {
    const values = this.vars.get(token.text);
    if (!values) throw this.error(token, `Missing query parameter 'var.${token.text}' for variable ':${token.text}'.`);
    return values;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)] ?? { type: 'eof', text: '', pos: 0 };
  }

  private isKeyword(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.type === 'ident' && token.text.toLowerCase() === word;
  }

  private error(token: Token, detail: string): Error {
    return syntaxError(this.text, token.pos, detail);
  }
}

function childSpec(spec: FieldSpec, name: string): FieldSpec | undefined {
  if (spec.kind === 'open') return spec;
  if (spec.kind === 'object') return Object.hasOwn(spec.fields, name) ? spec.fields[name] : undefined;
  return undefined;
}

function describe(token: Token): string {
  if (token.type === 'eof') return 'end of input';
  return token.type === 'string' ? `"${token.text}"` : `'${token.text}'`;
}
