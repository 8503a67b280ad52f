import { GraphQLError, Kind, type ASTNode } from 'graphql';
import { ErrorCode, GatewayError } from './gatewayError.ts';

/**
 * graphql-js writes the values it refuses into its messages: `inspect(value)` in variable coercion errors, the
 * printed literal in validation errors, the token in syntax errors. A value can hold anything (quotes, `;`, a fake
 * ` at "path"`), so no search through the message can be trusted to find where it ends. Instead, each message is
 * rebuilt: a known template whose value part is cut out between its fixed prefix and fixed suffix, keeping only
 * parts that match GraphQL's own grammar (names, types, paths); otherwise, a message that holds nothing but such
 * names is kept, and anything else is replaced by a plain sentence for its code.
 */

export interface RequestErrorText {
  message: string;
  /** The input the error is about, from the error's structure (e.g. `input.payments[0].card.number`). */
  field?: string;
}

const NAME = '[_A-Za-z][_0-9A-Za-z]*';
const TYPE = `\\[*${NAME}!?(?:\\]!?)*`;
const PUNCTUATOR = '[!$&()\\[\\]{}:=@|]|\\.\\.\\.';
const IS_NAME = new RegExp(`^${NAME}$`);
/** What graphql-js puts in double quotes when it names, rather than echoes: names, types, paths, punctuators. */
const QUOTED_NAME = new RegExp(`^(?:[$@]?${NAME}|${TYPE}|${NAME}(?:\\.${NAME}|\\[\\d+\\])+|${PUNCTUATOR})$`);

const FALLBACK: Record<string, string> = {
  [ErrorCode.GRAPHQL_PARSE_FAILED]: 'Syntax Error: the document is not valid GraphQL.',
  [ErrorCode.GRAPHQL_VALIDATION_FAILED]: 'The document is not valid for this schema.',
  [ErrorCode.BAD_USER_INPUT]: 'A variable has an invalid value.',
  [ErrorCode.OPERATION_RESOLUTION_FAILURE]: 'The operation could not be resolved.',
};

/** The message (and field) a client may see for a graphql-js or Apollo request error with `code`. */
export function describeRequestError(error: unknown, message: string, code: string): RequestErrorText {
  if (trustedOriginal(error)?.message === message) return { message };
  const variable = variableError(error, message);
  if (variable !== undefined) return variable;
  const rebuilt = fromTemplate(message, error);
  if (rebuilt !== undefined) return { message: rebuilt };
  if (!(code in FALLBACK) || echoesOnlyNames(message)) return { message };
  return { message: FALLBACK[code]! };
}

/** Our own scalars throw GatewayErrors with messages we wrote (they never hold the value). */
function trustedOriginal(error: unknown): GatewayError | undefined {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  return original instanceof GatewayError ? original : undefined;
}

/**
 * graphql-js' variable coercion error is `Variable "$<name>" got invalid value <inspect(value)>[ at "<name><path>"];
 * <inner message>`, with the variable definition as its node and the inner error as its original. The variable
 * name and the inner message fix both ends; the path is what sits at the very end of the rest, and an echoed value
 * cannot end like it (inspect escapes every quote inside a string, and lists and objects end in `]` or `}`).
 */
function variableError(error: unknown, message: string): RequestErrorText | undefined {
  if (!(error instanceof GraphQLError) || error.nodes?.length !== 1) return undefined;
  const node: ASTNode = error.nodes[0]!;
  if (node.kind !== Kind.VARIABLE_DEFINITION) return undefined;
  const name = node.variable.name.value;
  const prefix = `Variable "$${name}" got invalid value `;
  if (!message.startsWith(prefix)) return { message: echoesOnlyNames(message) ? message : FALLBACK[ErrorCode.BAD_USER_INPUT]!, field: name };
  const inner = error.originalError;
  if (!(inner instanceof Error) || !message.endsWith(`; ${inner.message}`)) return { message: `Variable "$${name}" got invalid value.`, field: name };
  const echoed = message.slice(prefix.length, message.length - inner.message.length - 2);
  const path = new RegExp(` at "(${name}(?:\\.${NAME}|\\[\\d+\\])*)"$`).exec(echoed)?.[1];
  const where = path === undefined ? '' : ` at "${path}"`;
  return { message: `Variable "$${name}" got invalid value${where}; ${innerMessage(inner)}`, field: path ?? name };
}

/** What coercion said about the value itself (a scalar's parseValue, an enum, an input object's fields). */
function innerMessage(inner: Error): string {
  if (inner instanceof GatewayError) return inner.message;
  return fromTemplate(inner.message, inner) ?? (echoesOnlyNames(inner.message) ? inner.message : 'The value is not valid here.');
}

type Template = [RegExp, (match: RegExpExecArray, error: unknown) => string];

const TOKEN_KINDS = '<EOF>|Name|Int|Float|String|BlockString';

/** Messages that echo a value. Each keeps its fixed words and the grammar-checked names; the value is cut out. */
const TEMPLATES: Template[] = [
  // Syntax errors describe the token they stopped at: `found String "737"` becomes `found String`.
  [new RegExp(`^Syntax Error: Expected (${TOKEN_KINDS}|"(?:${PUNCTUATOR}|${NAME})"), found ([\\s\\S]*)\\.$`), (m) => `Syntax Error: Expected ${m[1]}, found ${tokenKind(m[2]!)}.`],
  [new RegExp(`^Syntax Error: Unexpected ((?:${TOKEN_KINDS}|"(?:${PUNCTUATOR})")(?: "[\\s\\S]*")?)\\.$`), (m) => `Syntax Error: Unexpected ${tokenKind(m[1]!)}.`],
  [
    /^Syntax Error: (Unexpected character|Invalid character|Invalid character within String|Invalid number, unexpected digit after 0|Invalid number, expected digit but got): ([\s\S]*)\.$/,
    (m) => `Syntax Error: ${m[1]}${/^(?:"[\x20-\x7e]"|'"'|U\+[0-9A-F]{4,6}|<EOF>)$/.test(m[2]!) ? `: ${m[2]}` : ''}.`,
  ],
  [/^Syntax Error: (Invalid Unicode escape sequence|Invalid character escape sequence): /, (m) => `Syntax Error: ${m[1]}.`],
  [/^Syntax Error: (Document contains more tha[nt]|Source contains more than) (\d+) ([A-Za-z0-9 -]+)\. Parsing aborted\.$/, (m) => m[0]],
  [/^Syntax Error: Unexpected single quote character \('\), did you mean to use a double quote \("\)\?$/, (m) => m[0]],
  // Scalars: `String cannot represent a non string value: <value>`, `Int cannot represent non-integer value: <value>`.
  [new RegExp(`^(${NAME}) cannot represent ([a-z0-9 -]*?)value: `), (m) => `${m[1]} cannot represent ${m[2]}value.`],
  [new RegExp(`^Enum "(${NAME})" cannot represent non-(enum|string) value: `), (m) => `Enum "${m[1]}" cannot represent non-${m[2]} value.`],
  [new RegExp(`^Value "[\\s\\S]*" does not exist in "(${NAME})" enum\\.([\\s\\S]*)$`), (m) => `The value does not exist in "${m[1]}" enum.${suggestions(m[2]!)}`],
  [new RegExp(`^Expected value of type "(${TYPE})", found `), (m, error) => `Expected value of type "${m[1]}", found ${literalKind(error)}.`],
  [new RegExp(`^Expected type "(${NAME})"\\. `), (m) => `Expected type "${m[1]}".`],
  [
    new RegExp(`^Field "([\\s\\S]*)" is not defined by type "(${NAME})"\\.([\\s\\S]*)$`),
    (m) => (IS_NAME.test(m[1]!) ? `Field "${m[1]}" is not defined by type "${m[2]}".${suggestions(m[3]!)}` : `A field not defined by type "${m[2]}" was given.`),
  ],
  [new RegExp(`^Argument "(${NAME})" has invalid value `), (m) => `Argument "${m[1]}" has invalid value.`],
  [/^Unknown operation named "([\s\S]*)"\.$/, (m) => (IS_NAME.test(m[1]!) ? m[0] : 'The operationName is not an operation of the document.')],
];

function fromTemplate(message: string, error: unknown): string | undefined {
  for (const [pattern, render] of TEMPLATES) {
    const match = pattern.exec(message);
    if (match !== null) return render(match, error);
  }
  return undefined;
}

/** A token description without its value, unless the value is a name: `String "737"` → `String`. */
function tokenKind(description: string): string {
  const name = new RegExp(`^Name "(${NAME})"$`).exec(description);
  if (name !== null) return description;
  const kind = new RegExp(`^(${TOKEN_KINDS}|"(?:${PUNCTUATOR})")(?: "|$)`).exec(description);
  return kind?.[1] ?? 'an unexpected token';
}

/** What kind of literal a validation error is about, from its node: `found a number`, never the number. */
function literalKind(error: unknown): string {
  const node = error instanceof GraphQLError ? error.nodes?.[0] : undefined;
  switch (node?.kind) {
    case Kind.STRING:
      return 'a string';
    case Kind.INT:
    case Kind.FLOAT:
      return 'a number';
    case Kind.BOOLEAN:
      return 'a boolean';
    case Kind.NULL:
      return 'null';
    case Kind.ENUM:
      return 'an enum value';
    case Kind.LIST:
      return 'a list';
    case Kind.OBJECT:
      return 'an object';
    case Kind.VARIABLE:
      return 'a variable';
    default:
      return 'another value';
  }
}

/** ` Did you mean "CARD"?` — kept when it names only schema names. */
function suggestions(text: string): string {
  return /^ Did you mean [\s\S]*\?$/.test(text) && echoesOnlyNames(text) ? text : '';
}

/** Every double-quoted part is a name, type, path or punctuator, and no digit stands outside quotes. */
export function echoesOnlyNames(message: string): boolean {
  const parts = message.split('"');
  return parts.length % 2 === 1 && parts.every((part, i) => (i % 2 === 1 ? QUOTED_NAME.test(part) : !/\d/.test(part)));
}
