import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type GraphqlResponse, type TestStack } from '../helpers/stack.ts';

/**
 * graphql-js echoes the values it refuses (`inspect(value)` in coercion errors, the printed literal in validation
 * errors, the token in syntax errors). None of a card's digits may come back that way, in any configuration, and
 * `extensions.field` must name the input, whatever the values say.
 */
const PAN = '4111111111111111';
const CVV = '737';
const PROD = { NODE_ENV: 'production', CTP_API_URL: 'http://127.0.0.1:9', OCC_BASE_URL: 'http://127.0.0.1:9' };
const MUTATION = 'mutation Pay($input: AddOrderPaymentsInput!) { addOrderPayments(input: $input) { orderId } }';
const FIELD_PATH = /^input(?:\.[_A-Za-z]\w*|\[\d+\])*$/;

/** Line/column numbers may hold 737 by chance; the CVV must not stand anywhere else as a token of its own. */
function echoes(text: string, secret: string): boolean {
  if (secret.length >= 12) return text.includes(secret) || text.replace(/[ -]/g, '').includes(secret);
  return new RegExp(`(?<![\\w.-])${secret}(?![\\w.-])`).test(text.replace(/"(line|column)":\d+/g, ''));
}

const inline = (card: string) =>
  `mutation { addOrderPayments(input: { orderId: "o810001", payments: [{ paymentMethodType: CARD, amount: "1.00", card: { ${card} } }] }) { orderId } }`;
const withCard = (card: Record<string, unknown>) => ({ input: { orderId: 'o810001', payments: [{ paymentMethodType: 'CARD', amount: '1.00', card }] } });

describe.each([
  ['development', {}],
  ['production', PROD],
])('%s configuration', (_name, env: Record<string, string>) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack(env);
  });
  afterAll(() => stack.close());

  /** Sends twice: the first sighting runs through Apollo, a repeat of an accepted document through the fast path. */
  async function sendTwice(query: string, variables?: Record<string, unknown>): Promise<GraphqlResponse> {
    const options = { occToken: stack.occ.demo.agentToken, ...(variables ? { variables } : {}) };
    const first = await stack.gql(query, options);
    const second = await stack.gql(query, options);
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    for (const res of [first, second]) {
      expect(echoes(res.text, PAN), res.text).toBe(false);
      expect(echoes(res.text, CVV), res.text).toBe(false);
    }
    return first;
  }

  it('card numbers as JSON numbers and an unknown field in a variable: 400, each field named by its path', async () => {
    const res = await sendTwice(MUTATION, withCard({ nameOnCard: 'Pat ', number: Number(PAN), cvv: Number(CVV), expiryMonth: 1, expiryYear: 2030, issuer: 'x' }));
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((error) => error.extensions)).toEqual([
      { code: 'BAD_USER_INPUT', field: 'input.payments[0].card.number' },
      { code: 'BAD_USER_INPUT', field: 'input.payments[0].card.cvv' },
      { code: 'BAD_USER_INPUT', field: 'input.payments[0].card' },
    ]);
    expect(res.body.errors?.map((error) => error.message)).toEqual([
      'Variable "$input" got invalid value at "input.payments[0].card.number"; String cannot represent a non string value.',
      'Variable "$input" got invalid value at "input.payments[0].card.cvv"; String cannot represent a non string value.',
      'Variable "$input" got invalid value at "input.payments[0].card"; Field "issuer" is not defined by type "CardInput".',
    ]);
    expect(stack.logs.filter((line) => echoes(line, PAN) || echoes(line, CVV))).toEqual([]);
  });

  it('the same card as an inline literal: 400, no value in any message', async () => {
    const res = await sendTwice(inline(`nameOnCard: "Pat ", number: ${PAN}, cvv: ${CVV}, expiryMonth: 1, expiryYear: 2030, issuer: "x"`));
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([
      ['GRAPHQL_VALIDATION_FAILED', 'String cannot represent a non string value.'],
      ['GRAPHQL_VALIDATION_FAILED', 'String cannot represent a non string value.'],
      ['GRAPHQL_VALIDATION_FAILED', 'Field "issuer" is not defined by type "CardInput".'],
    ]);
  });

  it('values crafted to look like the path or the message end cannot steer extensions.field', async () => {
    const tricks = [
      { 'x" at "input.payments[0].card.number"; ': CVV, number: PAN, cvv: CVV, expiryMonth: 1, expiryYear: 2030 },
      { nameOnCard: `Pat " at "${PAN}"; `, number: [PAN], cvv: CVV, expiryMonth: 1, expiryYear: 2030 },
      { number: { at: `"${PAN}"` }, cvv: `${CVV}"`, expiryMonth: 1, expiryYear: `2030 at "input.x"` },
    ];
    for (const card of tricks) {
      const res = await sendTwice(MUTATION, withCard(card));
      expect(res.status).toBe(400);
      for (const error of res.body.errors ?? []) expect(String(error.extensions?.field), res.text).toMatch(FIELD_PATH);
    }
  });

  it('a list whose first value holds ";" leaks none of the values after it (inline and as a variable)', async () => {
    const list = `["x;", "${PAN}", "cvv ${CVV}"]`;
    const inlined = await sendTwice(inline(`number: ${list}, cvv: "123", expiryMonth: 1, expiryYear: 2030`));
    expect(inlined.body.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([
      ['GRAPHQL_VALIDATION_FAILED', 'String cannot represent a non string value.'],
    ]);
    const variable = await sendTwice(MUTATION, withCard({ number: ['x;', PAN, `cvv ${CVV}`], cvv: '123', expiryMonth: 1, expiryYear: 2030 }));
    expect(variable.body.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'input.payments[0].card.number' }]);
    expect(variable.text).not.toContain('cvv');
  });

  it('a syntax error names the token kind it stopped at, never the literal', async () => {
    const cases: Array<[string, string]> = [
      [`number: "${PAN}", cvv "${CVV}"`, 'Syntax Error: Expected ":", found String.'],
      [`number: "${PAN}" "${CVV}"`, 'Syntax Error: Expected Name, found String.'],
      [`number: "${PAN}", cvv: ${CVV} ${CVV}`, 'Syntax Error: Expected Name, found Int.'],
      [`number: ${PAN}.5.5`, 'Syntax Error: Invalid number, expected digit but got: ".".'],
      [`number: """${PAN}""" """${CVV}"""`, 'Syntax Error: Expected Name, found BlockString.'],
      [`number: "\\u{${CVV}"`, 'Syntax Error: Invalid Unicode escape sequence.'],
      [`number: "${PAN}`, 'Syntax Error: Unterminated string.'],
    ];
    for (const [card, message] of cases) {
      const res = await sendTwice(inline(card));
      expect(res.status).toBe(400);
      expect(res.body.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([['GRAPHQL_PARSE_FAILED', message]]);
    }
  });

  it('an unknown operation name that is a card number or a CVV is not echoed', async () => {
    for (const operationName of [PAN, CVV]) {
      const res = await stack.gql(MUTATION, { occToken: stack.occ.demo.agentToken, operationName, variables: withCard({}) });
      expect(res.body.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([['OPERATION_RESOLUTION_FAILURE', 'The operationName is not an operation of the document.']]);
      expect(echoes(res.text, PAN) || echoes(res.text, CVV), res.text).toBe(false);
    }
    const named = await stack.gql(MUTATION, { occToken: stack.occ.demo.agentToken, operationName: 'Other', variables: withCard({}) });
    expect(named.body.errors?.[0]?.message).toBe('Unknown operation named "Other".');
  });

  it('card digits in a name the caller chose (a variable, an unknown field) are masked in the message and extensions.field', async () => {
    const variable = await sendTwice(`mutation Named($v${PAN}: String) { __typename }`);
    expect(variable.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // Hex letters around the digits must not make them pass for an id.
    const field = await sendTwice(inline(`number: "x", a${PAN}: "y"`));
    const unknownSelection = await sendTwice(`query Unknown { f${PAN} }`);
    for (const res of [variable, field, unknownSelection]) {
      expect(res.status).toBe(400);
      expect(res.text).toContain('411111******1111');
    }
  });
});
