import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayAgainst } from '../helpers/gatewayAgainst.ts';
import { sendShaped, sha256 } from '../helpers/requestShapes.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

/** The web app's manifest (graphql-codegen client preset format). */
const WEB_MANIFEST = fileURLToPath(new URL('./fixtures/persisted-documents.json', import.meta.url));
/** The same operation as Apollo Kotlin prints it: another text, so another id. */
const KOTLIN_TEXT = 'query PaymentCount { myPayments(first: 1) { __typename totalCount } }';

/** Apollo Kotlin's and Apollo iOS's operation manifest (`persistedQueryManifest` / `generate-operation-manifest`). */
function apolloManifest(dir: string, operations: Array<{ name: string; body: string; type?: string }>, id = (body: string) => sha256(body)): string {
  const path = join(dir, `apollo-${operations.length}-${Math.random().toString(36).slice(2)}.json`);
  const manifest = { format: 'apollo-persisted-query-manifest', version: 1, operations: operations.map((op) => ({ id: id(op.body), body: op.body, name: op.name, type: op.type ?? 'query' })) };
  writeFileSync(path, JSON.stringify(manifest));
  return path;
}

describe('the manifests of several apps, in their own formats (SAFELIST=enforce, both engines)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgw-manifests-'));
  let stack: TestStack;
  let token: string;
  beforeAll(async () => {
    const mobile = apolloManifest(dir, [{ name: 'PaymentCount', body: KOTLIN_TEXT }]);
    stack = await startTestStack({ PERSISTED_DOCUMENTS: `${WEB_MANIFEST}, ${mobile}`, SAFELIST: 'enforce' });
    token = (await stack.ct.createCustomerToken()).token;
  });
  afterAll(() => stack.close());

  it('serves a mobile app\'s ids (hash only, GET or POST) beside the web app\'s, and still refuses anything else', async () => {
    const headers = { authorization: `Bearer ${token}` };
    for (const shape of ['apqGet', 'apqHashOnly', 'documentId'] as const) {
      const res = await sendShaped(stack.gateway.url, shape, { query: KOTLIN_TEXT, headers });
      expect([shape, res.status, res.body.errors]).toEqual([shape, 200, undefined]);
      expect(res.body.data).toEqual({ myPayments: { __typename: 'MyPaymentConnection', totalCount: 0 } });
    }
    const web = await sendShaped(stack.gateway.url, 'documentId', { query: 'query FirstPayments($first: Int) { myPayments(first: $first, sort: ["createdAt asc"]) { totalCount nodes { id amountPlanned { centAmount } } } }', variables: { first: 1 }, headers });
    expect([web.status, web.body.errors]).toEqual([200, undefined]);
    const unlisted = await sendShaped(stack.gateway.url, 'plain', { query: 'query PaymentCount { myPayments(first: 1) { totalCount } }', headers });
    expect([unlisted.status, unlisted.body.errors?.[0]?.extensions?.code]).toEqual([400, 'QUERY_NOT_IN_SAFELIST']);
  });
});

describe('manifests that would not work are refused at start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgw-manifests-'));
  const startWith = async (persistedDocuments: string) => (await startGatewayAgainst({}, { PERSISTED_DOCUMENTS: persistedDocuments, SAFELIST: 'enforce' })).close();

  it('names the file and the entry: an id that is not its body\'s SHA-256, an unknown format; one entry in two files is no conflict', async () => {
    const notHash = apolloManifest(dir, [{ name: 'PaymentCount', body: KOTLIN_TEXT }], () => 'PaymentCount-v1');
    await expect(startWith(notHash)).rejects.toThrow(new RegExp(`${notHash}.*id "PaymentCount-v1" is not the SHA-256 of its body`));
    const unknown = join(dir, 'unknown.json');
    writeFileSync(unknown, JSON.stringify({ format: 'relay-persisted-queries', version: 1, operations: [] }));
    await expect(startWith(unknown)).rejects.toThrow(/unknown\.json.*"format" "relay-persisted-queries" is not apollo-persisted-query-manifest/);
    await expect(startWith(' , ')).rejects.toThrow(/names no file/);
    const other = join(dir, 'other.json');
    const body = 'query A { __typename }';
    writeFileSync(other, JSON.stringify({ [sha256(body)]: body }));
    await expect(startWith(`${WEB_MANIFEST},${other},${other}`)).resolves.toBeUndefined();
  });
});
