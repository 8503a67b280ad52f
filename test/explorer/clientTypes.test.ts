import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { parse, validate, type GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as client from '../../src/generated/client/graphql.ts';
import { buildSchema } from '../../src/schema.ts';

const schema = buildSchema();
const manifest = JSON.parse(readFileSync('src/generated/client/persisted-documents.json', 'utf8')) as Record<string, string>;
const operationFiles = readdirSync('schema/operations').filter((name) => name.endsWith('.graphql'));

/** What `npm run codegen` gives front-end code: typed documents, ErrorCode, scalar types and the persisted manifest. */
describe('client types and the persisted-documents manifest', () => {
  it('ErrorCode reaches the client types with every code of the schema', () => {
    const codes = (schema.getType('ErrorCode') as GraphQLEnumType).getValues().map((value) => value.value as string);
    expect(Object.values(client.ErrorCode).sort()).toEqual([...codes].sort());
    expect(client.ErrorCode.CONCURRENT_MODIFICATION).toBe('CONCURRENT_MODIFICATION');
  });

  it('maps the custom scalars to the JSON the gateway sends', () => {
    // Compile-time checks (npm run typecheck): a Long above 2^53 is a string, a Decimal is always a string.
    const big: client.MyPaymentFieldsFragment['amountPlanned']['centAmount'] = '9007199254740993';
    const safe: client.MyPaymentFieldsFragment['amountPlanned']['centAmount'] = 4200;
    const amount: NonNullable<client.AddOrderPaymentsMutation['addOrderPayments']['amountRemaining']> = '55.00';
    const draft: client.MyPaymentDraft = { amountPlanned: { currencyCode: 'EUR', centAmount: '4200' } };
    expect([big, safe, amount, draft.amountPlanned.centAmount]).toEqual(['9007199254740993', 4200, '55.00', '4200']);
  });

  it('the manifest holds one valid document per shipped operation, keyed by its sha256', () => {
    const operations = operationFiles.flatMap((name) =>
      parse(readFileSync(`schema/operations/${name}`, 'utf8')).definitions.flatMap((d) => (d.kind === 'OperationDefinition' && d.name ? [d.name.value] : [])),
    );
    expect(operations.sort()).toEqual(['AddOrderPayments', 'CreateMyPayment', 'MyPayment', 'MyPayments', 'UpdateMyPayment']);
    expect(Object.keys(manifest)).toHaveLength(operations.length);
    for (const [hash, document] of Object.entries(manifest)) {
      expect(createHash('sha256').update(document).digest('hex')).toBe(hash);
      expect(validate(schema, parse(document))).toEqual([]);
    }
    // The typed documents carry the same hash, so a client can send it instead of the text.
    const meta = (client.MyPaymentsDocument as unknown as { __meta__: { hash: string } }).__meta__;
    expect(manifest[meta.hash]).toContain('query MyPayments(');
  });
});
