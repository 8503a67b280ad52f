import fc from 'fast-check';
import { getVariableValues, GraphQLError, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { formatError } from '../../src/errors/formatError.ts';
import { asUserInputError } from '../../src/apolloParity/errors.ts';
import { buildSchema } from '../../src/schema.ts';

/**
 * The same rule as cardProperty.test.ts, many more times and without HTTP: graphql-js' own coercion, validation and
 * syntax errors for random values, wrapped as Apollo wraps them, then formatted. No message may hold a card
 * number, CVV or PIN, and extensions.field is always a path of the variable.
 */
const schema = buildSchema();
const PAN = '4111111111111111';
const PAN_19 = '6011000990139424003';
const CVV = '737';
const PIN = '602915';
const FIELD_PATH = /^input(?:\.[_A-Za-z]\w*|\[\d+\])*$/;

function leak(text: string): string | undefined {
  const digits = text.replace(/(?<=\d)[ -](?=\d)/g, '');
  for (const pan of [PAN, PAN_19]) for (let i = 0; i + 10 <= pan.length; i++) if (digits.includes(pan.slice(i, i + 10))) return pan;
  for (const short of [CVV, PIN]) if (new RegExp(`(?<![\\w.-])${short}(?![\\w.-])`).test(text)) return short;
  return undefined;
}

const tricky = fc.constantFrom(
  PAN, PAN_19, CVV, PIN, `4111 1111 1111 1111`, `${PAN};`, `x;`, `cvv ${CVV}`, `Pat `, `" at "input.payments[0].card.number"; `,
  `"${PAN}"`, `\\"${CVV}`, ` Did you mean "CARD"?`, `Value "${PIN}" does not exist in "X" enum.`, `}${CVV}`, 'CARD', '',
);
const leaf = fc.oneof(tricky, fc.constantFrom<unknown>(Number(PAN), Number(CVV), Number(PIN), 1.5, -1, true, null), fc.string({ maxLength: 6 }));
const value: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(tricky, fc.constantFrom('number', 'cvv', 'pin', 'at')), tie('value'), { maxKeys: 3 }),
  ),
})).value;

const input = fc
  .record({ orderId: value, paymentMethodType: value, amount: value, number: value, cvv: value, expiryMonth: value, key: fc.oneof(tricky, fc.constant('issuer')), extra: value, pin: value })
  .map((v) => ({
    orderId: v.orderId,
    payments: [
      { paymentMethodType: v.paymentMethodType, amount: v.amount, card: { number: v.number, cvv: v.cvv, expiryMonth: v.expiryMonth, expiryYear: 2030, [v.key]: v.extra }, giftCard: { number: PAN, pin: v.pin } },
    ],
  }));

const VARIABLE_DOC = parse('mutation Pay($input: AddOrderPaymentsInput!) { addOrderPayments(input: $input) { orderId } }');
const VARIABLE_DEFS = (VARIABLE_DOC.definitions[0] as OperationDefinitionNode).variableDefinitions ?? [];

/** Apollo's wrappers: UserInputError for coercion, ValidationError and SyntaxError for the document. */
const asApollo = (error: GraphQLError, code: string) =>
  new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, originalError: error.originalError ?? error, extensions: { code } });
const format = (error: GraphQLError) => formatError({ message: error.message, extensions: { ...error.extensions } }, error);

describe('request error messages for random card data', () => {
  it('variable coercion: no value echoed, the field is a path of $input', () => {
    let errors = 0;
    fc.assert(
      fc.property(fc.oneof(input, value), (given) => {
        for (const error of getVariableValues(schema, VARIABLE_DEFS, { input: given }).errors ?? []) {
          errors++;
          const formatted = format(asUserInputError(error));
          expect(leak(formatted.message), `${error.message}\n→ ${formatted.message}`).toBeUndefined();
          expect(formatted.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: expect.stringMatching(FIELD_PATH) });
        }
      }),
      { numRuns: 500 },
    );
    expect(errors).toBeGreaterThan(500);
  });

  /** A JSON value as a GraphQL literal (keys that are not names are renamed). */
  function literal(v: unknown): string {
    if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
    if (v !== null && typeof v === 'object') return `{ ${Object.entries(v).map(([k, x], i) => `${/^[_A-Za-z]\w*$/.test(k) ? k : `k${i}`}: ${literal(x)}`).join(', ')} }`;
    if (typeof v === 'string') return JSON.stringify(v);
    return String(v);
  }

  it('validation and syntax errors of inline literals, broken at random places: no value echoed', () => {
    let errors = 0;
    fc.assert(
      fc.property(input, fc.nat(), fc.constantFrom('', ':', '"', '{', '}', '[', '$', '\\u{737}', `'`), (given, at, insert) => {
        const whole = `mutation { addOrderPayments(input: ${literal(given)}) { orderId } }`;
        const cut = insert === '' ? whole : whole.slice(0, at % whole.length) + insert + whole.slice(at % whole.length);
        let found: GraphQLError[];
        try {
          found = validate(schema, parse(cut)).map((error) => asApollo(error, 'GRAPHQL_VALIDATION_FAILED'));
        } catch (error) {
          found = [asApollo(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
        }
        for (const error of found) {
          errors++;
          const formatted = format(error);
          expect(leak(formatted.message), `${error.message}\n→ ${formatted.message}`).toBeUndefined();
          expect(formatted.extensions?.code).toMatch(/^GRAPHQL_(PARSE|VALIDATION)_FAILED$/);
        }
      }),
      { numRuns: 500 },
    );
    expect(errors).toBeGreaterThan(200);
  });

  it('keeps messages that only name things, and explains what it cut', () => {
    const variableError = (message: string, inner: GraphQLError) =>
      asUserInputError(new GraphQLError(message, { nodes: VARIABLE_DEFS[0], originalError: inner }));
    const formatted = format(variableError(`Variable "$input" got invalid value { x: "a" } at "input.payments"; Expected type "X" to be an object.`, new GraphQLError('Expected type "X" to be an object.')));
    expect(formatted).toMatchObject({ message: 'Variable "$input" got invalid value at "input.payments"; Expected type "X" to be an object.', extensions: { field: 'input.payments' } });
    const root = format(variableError(`Variable "$input" got invalid value "${PAN} at \\"input.x\\""; Expected type "X" to be an object.`, new GraphQLError('Expected type "X" to be an object.')));
    expect(root).toMatchObject({ message: 'Variable "$input" got invalid value; Expected type "X" to be an object.', extensions: { field: 'input' } });
    const validation = new GraphQLError('Cannot query field "cardNumber" on type "AddOrderPaymentsResult".', { nodes: [{ kind: Kind.NAME, value: 'x' }] });
    expect(format(asApollo(validation, 'GRAPHQL_VALIDATION_FAILED')).message).toBe(validation.message);
    const unknown = new GraphQLError(`Some new message quoting "${CVV}".`);
    expect(format(asApollo(unknown, 'GRAPHQL_VALIDATION_FAILED')).message).toBe('The document is not valid for this schema.');
  });
});
