import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startCommercetoolsEmulator, type CommercetoolsEmulator } from '../../src/emulators/commercetools/index.ts';
import { startGateway, type Gateway } from '../../src/server.ts';
import { engineEnv } from '../helpers/engine.ts';
import { createRecordingLogger } from '../helpers/recordingLogger.ts';
import { sendShaped, sha256, type RequestShape } from '../helpers/requestShapes.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { TEST_GATEWAY_ENV } from '../helpers/testEnv.ts';
import { redisEnv } from '../helpers/testRedis.ts';

const QUERY = 'query Apq($first: Int) { myPayments(first: $first) { totalCount nodes { id } } }';

/** Lines at error level or above: a client's APQ mistake must never page anyone. */
const errorLines = (logs: string[]) => logs.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);

describe('automatic persisted queries (both engines)', () => {
  let stack: TestStack;
  let token: string;
  beforeAll(async () => {
    stack = await startTestStack();
    token = (await stack.ct.createCustomerToken()).token;
  });
  afterAll(() => stack.close());

  const send = (shape: RequestShape, query = QUERY, extra: { headers?: Record<string, string> } = {}) =>
    sendShaped(stack.gateway.url, shape, { query, variables: { first: 2 }, headers: { authorization: `Bearer ${token}`, ...extra.headers } });

  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND (HTTP 200, as APQ clients expect), then serves it once registered, by POST and GET', async () => {
    const query = `${QUERY} # not-found-then-registered`;
    const missing = await send('apqHashOnly', query);
    expect([missing.status, missing.body.errors?.[0]?.extensions?.code]).toEqual([200, 'PERSISTED_QUERY_NOT_FOUND']);
    const registered = await send('apqRegister', query);
    expect(registered.body.errors).toBeUndefined();
    for (const shape of ['apqHashOnly', 'apqGet', 'apqHashOnly', 'apqGet'] as const) {
      const again = await send(shape, query);
      expect([shape, again.status, again.text]).toEqual([shape, 200, registered.text]);
    }
  });

  it('refuses a hash that is not the query\'s with 400 PERSISTED_QUERY_HASH_MISMATCH, logged as a client error', async () => {
    const before = stack.logs.length;
    const res = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'apq-mismatch-1' },
      body: JSON.stringify({ query: QUERY, extensions: { persistedQuery: { version: 1, sha256Hash: sha256('something else') } } }),
    });
    const body = (await res.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect([res.status, body.errors.map((e) => e.extensions.code)]).toEqual([400, ['PERSISTED_QUERY_HASH_MISMATCH']]);
    const logs = stack.logs.slice(before);
    expect(errorLines(logs)).toEqual([]);
    expect(logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => l.requestId === 'apq-mismatch-1').map((l) => l.errorCodes)).toEqual([['PERSISTED_QUERY_HASH_MISMATCH']]);
  });

  it('refuses another APQ version with 400 PERSISTED_QUERY_NOT_SUPPORTED, never INTERNAL_SERVER_ERROR', async () => {
    const before = stack.logs.length;
    for (const persistedQuery of [{ version: 2, sha256Hash: sha256(QUERY) }, { sha256Hash: sha256(QUERY) }, 'yes']) {
      const res = await fetch(stack.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: QUERY, extensions: { persistedQuery } }),
      });
      const body = (await res.json()) as { errors: Array<{ extensions: { code: string } }> };
      expect([res.status, body.errors.map((e) => e.extensions.code)]).toEqual([400, ['PERSISTED_QUERY_NOT_SUPPORTED']]);
    }
    expect(errorLines(stack.logs.slice(before))).toEqual([]);
  });

  it('answers PERSISTED_QUERY_NOT_FOUND, on every request, once a registered hash has left the APQ cache', async () => {
    const apqCache = new InMemoryLRUCache<string>();
    const own = await startTestStack({}, { apqCache });
    try {
      const owner = (await own.ct.createCustomerToken()).token;
      const sendOwn = (shape: RequestShape) => sendShaped(own.gateway.url, shape, { query: QUERY, variables: { first: 2 }, headers: { authorization: `Bearer ${owner}` } });
      const registered = await sendOwn('apqRegister');
      // Served alone by hash: by Apollo first, then (FAST_PATH=on) compiled.
      for (const shape of ['apqHashOnly', 'apqHashOnly', 'apqGet'] as const) expect((await sendOwn(shape)).text).toBe(registered.text);
      // Evicted (an LRU, a flushed or restarted Redis): Apollo no longer knows it, and neither path may answer it.
      await apqCache.delete(`apq:${sha256(QUERY)}`);
      for (const shape of ['apqHashOnly', 'apqHashOnly', 'apqGet'] as const) {
        const res = await sendOwn(shape);
        expect([shape, res.status, res.body.errors?.[0]?.extensions?.code]).toEqual([shape, 200, 'PERSISTED_QUERY_NOT_FOUND']);
      }
    } finally {
      await own.close();
    }
  });

  it('finds a hash registered on one gateway on another that shares the APQ cache', async () => {
    const ct: CommercetoolsEmulator = await startCommercetoolsEmulator({ port: 0 });
    const shared = new InMemoryLRUCache<string>();
    const gateways: Gateway[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const config = loadConfig({ PORT: '0', ...engineEnv, CTP_PROJECT_KEY: ct.projectKey, LOG_LEVEL: 'debug' });
        gateways.push(await startGateway(config, { commercetoolsApiUrl: ct.apiUrl, occBaseUrl: 'http://127.0.0.1:9' }, createRecordingLogger().logger, { apqCache: shared }));
      }
      const [a, b] = gateways as [Gateway, Gateway];
      const own = (await ct.createCustomerToken()).token;
      const operation = { query: `${QUERY} # shared`, variables: { first: 1 }, headers: { authorization: `Bearer ${own}` } };
      const registered = await sendShaped(a.url, 'apqRegister', operation);
      expect(registered.body.errors).toBeUndefined();
      for (const shape of ['apqHashOnly', 'apqGet', 'apqHashOnly'] as const) {
        const onB = await sendShaped(b.url, shape, operation);
        expect([shape, onB.status, onB.text]).toEqual([shape, 200, registered.text]);
      }
      // A third instance without the shared cache does not know it: the cache really is what carries it.
      const config = loadConfig({ PORT: '0', ...engineEnv, CTP_PROJECT_KEY: ct.projectKey });
      gateways.push(await startGateway(config, { commercetoolsApiUrl: ct.apiUrl, occBaseUrl: 'http://127.0.0.1:9' }, createRecordingLogger().logger));
      const onC = await sendShaped(gateways[2]!.url, 'apqHashOnly', operation);
      expect(onC.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    } finally {
      await Promise.all(gateways.map((gateway) => gateway.close()));
      await ct.close();
    }
  });

  it('shares registered hashes through Redis when REDIS_URL is set: registered on one instance, found on another', async () => {
    const ct: CommercetoolsEmulator = await startCommercetoolsEmulator({ port: 0 });
    const env = { ...TEST_GATEWAY_ENV, ...engineEnv, ...redisEnv(), CTP_PROJECT_KEY: ct.projectKey };
    const gateways: Gateway[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        gateways.push(await startGateway(loadConfig(env), { commercetoolsApiUrl: ct.apiUrl, occBaseUrl: 'http://127.0.0.1:9' }, createRecordingLogger().logger));
      }
      const [a, b] = gateways as [Gateway, Gateway];
      const own = (await ct.createCustomerToken()).token;
      const operation = { query: `${QUERY} # shared through redis`, variables: { first: 1 }, headers: { authorization: `Bearer ${own}` } };
      expect((await sendShaped(b.url, 'apqHashOnly', operation)).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      const registered = await sendShaped(a.url, 'apqRegister', operation);
      expect(registered.body.errors).toBeUndefined();
      for (const shape of ['apqHashOnly', 'apqGet'] as const) {
        const onB = await sendShaped(b.url, shape, operation);
        expect([shape, onB.status, onB.text]).toEqual([shape, 200, registered.text]);
      }
    } finally {
      await Promise.all(gateways.map((gateway) => gateway.close()));
      await ct.close();
    }
  });
});
