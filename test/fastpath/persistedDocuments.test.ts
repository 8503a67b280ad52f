import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startGateway } from '../../src/server.ts';
import { engineEnv } from '../helpers/engine.ts';
import { createRecordingLogger } from '../helpers/recordingLogger.ts';
import { sendShaped, sha256, type RequestShape } from '../helpers/requestShapes.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

/** The suite's own manifest (graphql-codegen client preset `persistedDocuments` format), not the project's. */
const MANIFEST = fileURLToPath(new URL('./fixtures/persisted-documents.json', import.meta.url));
const BY_ID = 'query PaymentById($id: ID!) { myPayment(id: $id) { id version amountPlanned { currencyCode centAmount fractionDigits } } }';
const FIRST = 'query FirstPayments($first: Int) { myPayments(first: $first, sort: ["createdAt asc"]) { totalCount nodes { id amountPlanned { centAmount } } } }';
const UNLISTED = 'query Unlisted { myPayments(first: 1) { totalCount } }';

describe.each(['off', 'log', 'enforce'] as const)('persisted documents with SAFELIST=%s (both engines)', (safelist) => {
  let stack: TestStack;
  let token: string;
  let paymentId: string;
  beforeAll(async () => {
    stack = await startTestStack({ PERSISTED_DOCUMENTS: MANIFEST, SAFELIST: safelist });
    token = (await stack.ct.createCustomerToken()).token;
    const created = await sendShaped(stack.gateway.url, 'documentId', {
      query: 'mutation CreatePayment($draft: MyPaymentDraft!) { createMyPayment(draft: $draft) { id version amountPlanned { centAmount currencyCode } } }',
      variables: { draft: { amountPlanned: { currencyCode: 'EUR', centAmount: 1234 } } },
      headers: { authorization: `Bearer ${token}` },
    });
    expect(created.body.errors).toBeUndefined();
    paymentId = (created.body.data as { createMyPayment: { id: string } }).createMyPayment.id;
  });
  afterAll(() => stack.close());

  const auth = () => ({ authorization: `Bearer ${token}` });

  it('serves manifest entries by documentId (sha256: prefix or bare hex), APQ hash only (POST and GET) and GET, all alike', async () => {
    const operation = { query: BY_ID, variables: { id: paymentId }, headers: auth() };
    const reference = await sendShaped(stack.gateway.url, 'plain', operation);
    expect(reference.body.errors).toBeUndefined();
    expect(reference.body.data).toMatchObject({ myPayment: { id: paymentId, amountPlanned: { centAmount: 1234 } } });
    const shapes: RequestShape[] = ['documentId', 'apqHashOnly', 'apqGet', 'get', 'documentId', 'apqHashOnly', 'apqGet'];
    for (const shape of shapes) {
      const res = await sendShaped(stack.gateway.url, shape, operation);
      expect([shape, res.status, res.text]).toEqual([shape, 200, reference.text]);
    }
    const bare = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth() },
      body: JSON.stringify({ documentId: sha256(BY_ID), variables: { id: paymentId } }),
    });
    expect(await bare.text()).toBe(reference.text);
  });

  it('refuses a documentId sent with the APQ hash of another document, every time, before any upstream call', async () => {
    const before = stack.ct.requests.length;
    for (let run = 0; run < 3; run++) {
      const res = await fetch(stack.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth() },
        body: JSON.stringify({ documentId: `sha256:${sha256(BY_ID)}`, variables: { id: paymentId }, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(FIRST) } } }),
      });
      const body = (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
      expect([res.status, body.errors?.map((e) => e.extensions?.code)]).toEqual([400, ['PERSISTED_QUERY_HASH_MISMATCH']]);
    }
    expect(stack.ct.requests.length).toBe(before);
  });

  it('refuses an unknown documentId with 400 PERSISTED_QUERY_NOT_IN_LIST before any upstream call', async () => {
    const before = stack.ct.requests.length;
    const res = await sendShaped(stack.gateway.url, 'documentId', { query: UNLISTED, headers: auth() });
    expect([res.status, res.body.errors?.map((e) => e.extensions?.code)]).toEqual([400, ['PERSISTED_QUERY_NOT_IN_LIST']]);
    expect(stack.ct.requests.length).toBe(before);
  });

  it(safelist === 'enforce' ? 'refuses documents not in the manifest, whatever the shape, before any upstream call' : 'accepts documents not in the manifest', async () => {
    const before = stack.ct.requests.length;
    const logsBefore = stack.logs.length;
    const answers = [];
    for (const shape of ['plain', 'apolloClient4', 'get', 'apqRegister', 'apqHashOnly', 'plain'] as const) {
      answers.push(await sendShaped(stack.gateway.url, shape, { query: `${UNLISTED} # ${safelist}`, headers: auth() }));
    }
    const codes = answers.map((res) => [res.status, res.body.errors?.[0]?.extensions?.code]);
    if (safelist === 'enforce') {
      expect(codes).toEqual([
        [400, 'QUERY_NOT_IN_SAFELIST'],
        [400, 'QUERY_NOT_IN_SAFELIST'],
        [400, 'QUERY_NOT_IN_SAFELIST'],
        [400, 'QUERY_NOT_IN_SAFELIST'],
        [400, 'PERSISTED_QUERY_NOT_IN_LIST'],
        [400, 'QUERY_NOT_IN_SAFELIST'],
      ]);
      expect(answers[1]!.headers.get('content-type')).toBe('application/graphql-response+json; charset=utf-8');
      expect(stack.ct.requests.length).toBe(before);
    } else {
      expect(codes).toEqual([[200, undefined], [200, undefined], [200, undefined], [200, undefined], [200, undefined], [200, undefined]]);
      const warned = stack.logs.slice(logsBefore).filter((line) => line.includes('document not in safelist'));
      expect(warned.length).toBe(safelist === 'log' ? 5 : 0);
      // Named by a keyed hash, not the SHA-256 a card number written into the document could be guessed back from.
      for (const line of warned) expect((JSON.parse(line) as { documentHash: string }).documentHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    // Listed documents sent as text pass in every mode.
    const listed = await sendShaped(stack.gateway.url, 'plain', { query: FIRST, variables: { first: 1 }, headers: auth() });
    expect([listed.status, listed.body.errors]).toEqual([200, undefined]);
  });
});

describe('SAFELIST=enforce backstop inside Apollo (both engines)', () => {
  it('refuses unlisted documents in shapes the resolver does not read: batches, other JSON content types', async () => {
    const stack = await startTestStack({ PERSISTED_DOCUMENTS: MANIFEST, SAFELIST: 'enforce', ALLOW_BATCHING: 'true' });
    try {
      const token = (await stack.ct.createCustomerToken()).token;
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
      const before = stack.ct.requests.length;
      const batch = await fetch(stack.gateway.url, { method: 'POST', headers, body: JSON.stringify([{ query: UNLISTED }, { query: FIRST, variables: { first: 1 } }]) });
      const answers = (await batch.json()) as Array<{ data?: unknown; errors?: Array<{ extensions: { code: string } }> }>;
      expect(answers.map((answer) => answer.errors?.[0]?.extensions.code)).toEqual(['QUERY_NOT_IN_SAFELIST', undefined]);
      const odd = await fetch(stack.gateway.url, { method: 'POST', headers: { ...headers, 'content-type': 'text/json' }, body: JSON.stringify({ query: UNLISTED }) });
      const body = (await odd.json()) as { errors: Array<{ extensions: { code: string } }> };
      expect([odd.status, body.errors[0]?.extensions.code]).toEqual([400, 'QUERY_NOT_IN_SAFELIST']);
      // Only the listed document of the batch reached commercetools.
      expect(stack.ct.requests.length - before).toBe(1);
    } finally {
      await stack.close();
    }
  });
});

describe('persisted documents without a manifest', () => {
  it('refuses a documentId with 400 PERSISTED_QUERY_NOT_SUPPORTED', async () => {
    const stack = await startTestStack();
    try {
      const res = await sendShaped(stack.gateway.url, 'documentId', { query: BY_ID, variables: { id: 'x' } });
      expect([res.status, res.body.errors?.map((e) => e.extensions?.code)]).toEqual([400, ['PERSISTED_QUERY_NOT_SUPPORTED']]);
    } finally {
      await stack.close();
    }
  });

  it('needs PERSISTED_DOCUMENTS for SAFELIST=log|enforce', () => {
    expect(() => loadConfig({ SAFELIST: 'enforce' })).toThrow(/SAFELIST is enforce, which needs PERSISTED_DOCUMENTS/);
    expect(() => loadConfig({ SAFELIST: 'strict' })).toThrow(/SAFELIST must be one of off, log, enforce/);
    expect(() => loadConfig({ FAST_PATH: 'yes' })).toThrow(/FAST_PATH must be one of on, off/);
  });
});

describe('manifest validation at start-up', () => {
  const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
  const start = async (manifest: unknown) => {
    const path = join(dir, `m-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
    const config = loadConfig({ PORT: '0', ...engineEnv, PERSISTED_DOCUMENTS: path });
    const gateway = await startGateway(config, { commercetoolsApiUrl: 'http://127.0.0.1:9', occBaseUrl: 'http://127.0.0.1:9' }, createRecordingLogger().logger);
    await gateway.close();
  };

  it('stops the start on a wrong hash, a document the schema refuses, or a file that is not a manifest', async () => {
    await expect(start({ [sha256('query A { x }')]: UNLISTED })).rejects.toThrow(/is not the SHA-256 of its body, which is [0-9a-f]{64}/);
    const invalid = 'query Bad { myPayments { noSuchField } }';
    await expect(start({ [sha256(invalid)]: invalid })).rejects.toThrow(/does not validate against the schema: Cannot query field "noSuchField"/);
    const unparsable = 'query {';
    await expect(start({ [sha256(unparsable)]: unparsable })).rejects.toThrow(/does not validate against the schema: Syntax Error/);
    await expect(start('[1, 2]')).rejects.toThrow(/must be a JSON object/);
    await expect(start('{')).rejects.toThrow(/cannot be read as JSON/);
    await expect(start({ 'sha256:abc': UNLISTED })).rejects.toThrow(/"sha256:abc" is not the SHA-256 of its body \(lowercase hex\)/);
  });

  it('starts with a valid manifest', async () => {
    await expect(start({ [sha256(UNLISTED)]: UNLISTED })).resolves.toBeUndefined();
  });
});
