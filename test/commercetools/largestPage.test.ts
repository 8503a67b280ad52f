import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getNamedType, isLeafType, isNonNullType, isObjectType, type GraphQLField, type GraphQLObjectType } from 'graphql';
import { buildSchema } from '../../src/schema.ts';
import { DEFAULT_MAX_COST } from '../../src/limits/cost.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

/** Every field reachable from `type`, required arguments filled in, as the costliest client would select them. */
function everyField(type: GraphQLObjectType, depth = 0): string {
  if (depth > 8) throw new Error(`${type.name}: the selection does not end; the schema has a cycle the builder cannot follow`);
  return Object.values(type.getFields()).map((field) => select(field, depth)).join(' ');
}

function select(field: GraphQLField<unknown, unknown>, depth: number): string {
  const required = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
  const args = required.map((arg) => {
    if (getNamedType(arg.type).name !== 'Locale') throw new Error(`No sample value for ${field.name}(${arg.name}:)`);
    return `${arg.name}: "en"`;
  });
  const head = args.length > 0 ? `${field.name}(${args.join(', ')})` : field.name;
  const named = getNamedType(field.type);
  if (isLeafType(named)) return head;
  if (!isObjectType(named)) throw new Error(`${named.name}: abstract types need fragments the builder does not write`);
  return `${head} { ${everyField(named, depth + 1)} }`;
}

describe('the costliest query the schema documents passes the default limits', () => {
  let stack: TestStack;
  let token: string;
  const schema = buildSchema();
  const connection = schema.getType('MyPaymentConnection') as GraphQLObjectType;
  const query = `query Largest { myPayments(first: 500) { ${everyField(connection)} } }`;

  beforeAll(async () => {
    stack = await startTestStack();
    let customerId: string;
    ({ customerId, token } = await stack.ct.createCustomerToken());
    const full = {
      amountPlanned: { currencyCode: 'EUR', centAmount: 1234 },
      paymentMethodInfo: { paymentInterface: 'STRIPE', method: 'CREDIT_CARD', name: { en: 'Card', de: 'Karte' } },
      transaction: { type: 'Charge', amount: { currencyCode: 'EUR', centAmount: 1234 }, interactionId: 'ix' },
      custom: { type: { key: 'payment-extras', typeId: 'type' }, fields: { giftMessage: 'Hi' } },
    };
    stack.ct.seedPayments(customerId, Array.from({ length: 501 }, () => full));
  });
  afterAll(() => stack.close());

  it('selects every field of the connection, payments and their nested objects', () => {
    for (const name of ['edges', 'cursor', 'node', 'nodes', 'pageInfo', 'totalCount', 'nameAllLocales', 'preciseAmount', 'transactions', 'custom']) {
      expect(query).toContain(name);
    }
  });

  it('myPayments(first: 500) with every field runs under the default MAX_COST, twice (Apollo, then the compiled path)', async () => {
    for (let round = 0; round < 2; round++) {
      const res = await stack.gql<{ myPayments: { nodes: unknown[]; edges: unknown[]; totalCount: number } }>(query, { token });
      expect(res.body.errors, res.text.slice(0, 500)).toBeUndefined();
      expect(res.body.data!.myPayments.nodes).toHaveLength(500);
      expect(res.body.data!.myPayments.edges).toHaveLength(500);
      expect(res.body.data!.myPayments.totalCount).toBe(501);
    }
  });

  it('two such pages in one operation are refused', async () => {
    const res = await stack.gql(`query Two { a: myPayments(first: 500) { ${everyField(connection)} } b: myPayments(first: 500) { ${everyField(connection)} } }`, { token });
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('OPERATION_LIMIT_EXCEEDED');
    expect(res.body.errors?.[0]?.message).toContain(`limit of ${DEFAULT_MAX_COST}`);
  });
});
