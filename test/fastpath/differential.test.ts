import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import fc from 'fast-check';
import { Kind, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startCommercetoolsEmulator, type CommercetoolsEmulator } from '../../src/emulators/commercetools/index.ts';
import { startOccEmulator, type OccEmulator } from '../../src/emulators/occ/index.ts';
import { startGateway, type Gateway } from '../../src/server.ts';
import { createRecordingLogger } from '../helpers/recordingLogger.ts';
import { shapedRequest, type RequestShape } from '../helpers/requestShapes.ts';
import { auditResponseCodes, auditSentSecrets } from '../helpers/suiteAudit.ts';

/**
 * Differential test: generated operations, variables and request shapes, each sent to a gateway with the compiled
 * path on and to one with it off (Apollo only), in front of the same emulators. Status, the headers that matter
 * and the body must be byte-identical, errors included. Runs once (it pins both engines itself).
 */
// Counts requests served by Apollo's pipeline on either gateway: proves the compiled path really answered many.
const apolloCalls = vi.spyOn(ApolloServer.prototype, 'executeHTTPGraphQLRequest');
const MANIFEST = fileURLToPath(new URL('./fixtures/persisted-documents.json', import.meta.url));
const MANIFEST_DOCUMENTS = Object.values((await import(MANIFEST, { with: { type: 'json' } })).default as Record<string, string>);
/** Everything but `date` (the clock) and connection management. */
const IGNORED_HEADERS = new Set(['date', 'connection', 'keep-alive']);

/**
 * `data: null` in both answers of an operation with several root fields: graphql-js stops at the first non-null
 * root field that fails and drops the errors of fields still running, so which errors it reports depends on which
 * upstream answers first; two Apollo-only gateways differ here too.
 */
function racesInGraphqlJs(a: string, b: string, sent: string): boolean {
  const nulled = (text: string) => text.endsWith('"data":null}\n');
  if (!nulled(a) || !nulled(b)) return false;
  const operation = parse(sent).definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  return operation !== undefined && operation.selectionSet.selections.length > 1;
}

interface Case {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
  shape: RequestShape;
  accept: string | undefined;
  auth: 'customer' | 'none' | 'bogus';
}

const leaf = fc.constantFrom('id', 'version', 'createdAt', 'anonymousId', 'customer { id }', 'amountPlanned { currencyCode centAmount fractionDigits }', 'paymentMethodInfo { method name(locale: "en") }', 'transactions { type state }', '__typename');
const selection = fc.uniqueArray(leaf, { minLength: 1, maxLength: 4 }).map((fields) => fields.join(' '));
const intValue = fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constantFrom<unknown>('abc', '4111111111111111', 1.5, null, 600, -1));

/** One root field, with the variables it declares. */
const rootField = fc.oneof(
  fc.record({ alias: fc.constantFrom('', 'a: ', 'b: '), sel: selection, id: fc.constantFrom('seed0', 'seed1', 'missing', '$id') }).map(({ alias, sel, id }) => ({
    text: `${alias}myPayment(id: ${id === '$id' ? '$id' : `"${id}"`}) { ${sel} }`,
    vars: id === '$id' ? ['$id: ID!'] : [],
  })),
  fc.record({ sel: selection, sort: fc.constantFrom('', ', sort: ["createdAt desc"]', ', sort: ["bogus!!"]'), where: fc.constantFrom('', ', where: "amountPlanned(centAmount > 150)"', ', where: "((("') }).map(({ sel, sort, where }) => ({
    text: `page: myPayments(first: $n${sort}${where}) { totalCount pageInfo { hasNextPage endCursor } nodes { ${sel} } }`,
    vars: ['$n: Int'],
  })),
  fc.constantFrom({ text: 'exists: myPaymentExists(id: "seed0")', vars: [] }, { text: 'exists: myPaymentExists(where: "amountPlanned(centAmount = 100)")', vars: [] }),
);
/** Mostly valid operations (the compiled path's to answer); a few Apollo must refuse. */
const rootFieldOrInvalid = fc.oneof({ arbitrary: rootField, weight: 12 }, { arbitrary: fc.constant({ text: 'nope: myPayment(id: "x") { noSuchField }', vars: [] }), weight: 1 });

const operation = fc
  .record({
    fields: fc.array(rootFieldOrInvalid, { minLength: 1, maxLength: 3 }),
    name: fc.constantFrom('', 'Diff', 'Other'),
    askedName: fc.constantFrom<string | undefined>(undefined, undefined, 'Diff', 'Diff', 'Missing'),
    mutation: fc.constantFrom('stale', 'missing', 'both'),
    kind: fc.constantFrom('query', 'query', 'query', 'query', 'mutation'),
  })
  .map(({ fields, name, askedName, mutation, kind }) => {
    const vars = [...new Set(fields.flatMap((field) => field.vars))];
    const declared = vars.length === 0 ? '' : `(${vars.join(', ')})`;
    // Mutations that change nothing: a stale version and an unknown payment fail the same way on both gateways.
    const stale = 'updateMyPayment(id: "seed0", version: 999, actions: []) { id }';
    const missing = 'deleteMyPayment(id: "missing", version: 1) { id }';
    const mutationBody = mutation === 'stale' ? stale : mutation === 'missing' ? missing : `${stale} ${missing}`;
    const body = kind === 'mutation' ? mutationBody : fields.map((field) => field.text).join(' ');
    const query = `${kind === 'mutation' ? 'mutation' : 'query'} ${name}${kind === 'mutation' ? '' : declared} { ${body} }`;
    return { query, operationName: name === '' ? undefined : askedName, usesN: vars.includes('$n: Int'), usesId: vars.includes('$id: ID!') };
  });

const testCase: fc.Arbitrary<Case> = fc
  .record({
    op: operation,
    manifestDocument: fc.constantFrom(...MANIFEST_DOCUMENTS),
    n: intValue,
    id: fc.constantFrom<unknown>('seed1', 'missing', 42, null),
    omitVariables: fc.boolean(),
    shape: fc.constantFrom<RequestShape>('plain', 'apolloClient4', 'apqHashOnly', 'apqGet', 'get', 'documentId', 'apqRegister'),
    accept: fc.constantFrom<string | undefined>(undefined, undefined, '*/*', 'application/json', 'application/graphql-response+json', 'application/graphql-response+json, application/json;q=0.9', 'application/graphql-response+json, application/json;q=0.9', 'text/plain', 'application/json, text/html;q=0.5'),
    auth: fc.constantFrom('customer', 'customer', 'customer', 'none', 'bogus'),
  })
  .map(({ op, manifestDocument, n, id, omitVariables, shape, accept, auth }) => {
    const fromManifest = shape === 'documentId';
    const query = fromManifest ? manifestDocument : op.query;
    const variables: Record<string, unknown> = {};
    if (fromManifest || op.usesN) variables.n = n;
    if (fromManifest || op.usesId) variables.id = id;
    if (fromManifest) Object.assign(variables, { first: n, draft: { amountPlanned: { currencyCode: 'EUR', centAmount: 'no' } } });
    return { query, variables: omitVariables ? undefined : variables, operationName: fromManifest ? undefined : op.operationName, shape, accept, auth } satisfies Case;
  });

describe('differential: compiled path and Apollo answer byte for byte alike', () => {
  let ct: CommercetoolsEmulator;
  let occ: OccEmulator;
  let fast: Gateway;
  let apollo: Gateway;
  let token: string;
  const seeds = new Map<string, string>();
  beforeAll(async () => {
    ct = await startCommercetoolsEmulator({ port: 0 });
    occ = await startOccEmulator({ port: 0 });
    const start = (fastPath: string) =>
      startGateway(
        loadConfig({ PORT: '0', FAST_PATH: fastPath, CTP_PROJECT_KEY: ct.projectKey, LOG_LEVEL: 'debug', PERSISTED_DOCUMENTS: MANIFEST }),
        { commercetoolsApiUrl: ct.apiUrl, occBaseUrl: occ.baseUrl },
        createRecordingLogger('debug').logger,
      );
    [fast, apollo] = await Promise.all([start('on'), start('off')]);
    token = (await ct.createCustomerToken()).token;
    for (const [i, cents] of [200, 100].entries()) {
      const res = await fetch(apollo.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: 'mutation($d: MyPaymentDraft!) { createMyPayment(draft: $d) { id } }', variables: { d: { amountPlanned: { currencyCode: 'EUR', centAmount: cents } } } }),
      });
      seeds.set(`seed${i}`, ((await res.json()) as { data: { createMyPayment: { id: string } } }).data.createMyPayment.id);
    }
  });
  afterAll(async () => {
    await Promise.all([fast?.close(), apollo?.close()]);
    await Promise.all([ct?.close(), occ?.close()]);
  });

  let sequence = 0;
  async function send(gateway: Gateway, c: Case, shape: RequestShape, requestId: string) {
    const headers: Record<string, string> = { 'x-request-id': requestId };
    if (c.auth === 'customer') headers.authorization = `Bearer ${token}`;
    if (c.auth === 'bogus') headers.authorization = 'Bearer bogus-token-0000';
    const query = [...seeds].reduce((text, [name, id]) => text.replaceAll(`"${name}"`, `"${id}"`), c.query);
    const variables = c.variables === undefined ? undefined : { ...c.variables, id: seeds.get(String(c.variables.id)) ?? c.variables.id };
    const [url, init] = shapedRequest(gateway.url, shape, { query, variables, operationName: c.operationName, headers });
    if (c.accept !== undefined) (init.headers as Record<string, string>).accept = c.accept;
    auditSentSecrets(headers, variables);
    const res = await fetch(url, init);
    const text = await res.text();
    if (res.headers.get('content-type')?.includes('json')) auditResponseCodes((JSON.parse(text) as { errors?: Array<{ extensions?: Record<string, unknown> }> }).errors);
    const kept = [...res.headers].filter(([name]) => !IGNORED_HEADERS.has(name)).sort();
    return { status: res.status, headers: kept, text };
  }

  it('for malformed and unusual requests, which Apollo answers on both gateways', async () => {
    const query = 'query Odd($n: Int) { myPayments(first: $n) { totalCount } }';
    const json = { 'content-type': 'application/json' };
    const preflight = { 'apollo-require-preflight': 'true' };
    const get = (search: string, headers: Record<string, string> = preflight): RequestInit & { search: string } => ({ method: 'GET', headers, search });
    const post = (body: string, headers: Record<string, string> = json): RequestInit & { search: string } => ({ method: 'POST', headers, body, search: '' });
    const cases: Array<RequestInit & { search: string }> = [
      post(JSON.stringify({ query, variables: '{"n":1}' })),
      post(JSON.stringify({ query, extensions: 'x' })),
      post(JSON.stringify({ query, operationName: 5 })),
      post(JSON.stringify({ query: '' })),
      post(JSON.stringify({ query: { kind: 'Document' } })),
      post(JSON.stringify({})),
      post(JSON.stringify([{ query }])),
      post(''),
      post('{"query": "{ myPaymentExists(id: \\"x\\") }"'),
      post(JSON.stringify({ query }), { 'content-type': 'text/plain' }),
      post(JSON.stringify({ query }), { 'content-type': 'text/json' }),
      post(JSON.stringify({ query, variables: { n: 1 } }), { ...json, accept: 'application/xml' }),
      post(JSON.stringify({ query, variables: { n: 1 }, operationName: null, extensions: null })),
      post(JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: 'not-a-digest' } } })),
      post(JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'not-a-digest' } } })),
      post(JSON.stringify({ documentId: 'sha256:0000' })),
      post(JSON.stringify({ query: 'mutation { deleteMyPayment(id: "x", version: 1) { id } }' })),
      get(`?query=${encodeURIComponent(query)}&query=${encodeURIComponent(query)}`),
      get(`?query=${encodeURIComponent(query)}`, {}),
      get(`?query=${encodeURIComponent(query)}`, { 'content-type': 'text/plain', ...preflight }),
      get(`?query=${encodeURIComponent(query)}&variables=%7Bnope`),
      get(`?query=${encodeURIComponent(query)}&variables=%5B1%5D`),
      get(`?query=${encodeURIComponent(query)}`, { ...preflight, accept: 'text/html' }),
      get(`?query=${encodeURIComponent('mutation { deleteMyPayment(id: "x", version: 1) { id } }')}`),
      get(''),
      { method: 'PUT', headers: json, body: JSON.stringify({ query }), search: '' },
      { method: 'DELETE', headers: json, search: '' },
    ];
    for (const [i, { search, ...init }] of cases.entries()) {
      for (let round = 0; round < 2; round++) {
        const requestId = `odd-${i}-${round}`;
        const answer = async (gateway: Gateway) => {
          const res = await fetch(gateway.url + search, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}`, 'x-request-id': requestId } });
          // The landing page carries a per-server CSP nonce, and new idempotency keys on every load.
          const text = (await res.text()).replace(/[0-9a-f]{64}/g, '<nonce>').replace(/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g, '<key>');
          return { status: res.status, headers: [...res.headers].filter(([name]) => !IGNORED_HEADERS.has(name)).sort(), text };
        };
        expect(await answer(fast), `case ${i}: ${init.method} ${search} ${String(init.body)}`).toEqual(await answer(apollo));
      }
    }
  });

  it('for generated operations, variables, shapes, accept headers and credentials', async () => {
    let compared = 0;
    const apolloBefore = apolloCalls.mock.calls.length;
    await fc.assert(
      fc.asyncProperty(testCase, async (c) => {
        // Hash-only shapes first miss, then register, then hit; others are sent three times (first sighting, then compiled).
        const steps: RequestShape[] = c.shape === 'apqHashOnly' || c.shape === 'apqGet' ? [c.shape, 'apqRegister', c.shape, c.shape] : [c.shape, c.shape, c.shape];
        for (const shape of steps) {
          const requestId = `diff-${++sequence}`;
          const [a, b] = [await send(fast, c, shape, requestId), await send(apollo, c, shape, requestId)];
          if (racesInGraphqlJs(a.text, b.text, c.query)) {
            // Same status and type, and each answer's errors are errors of the operation's root fields.
            expect([a.status, a.headers.find(([name]) => name === 'content-type')]).toEqual([b.status, b.headers.find(([name]) => name === 'content-type')]);
            for (const text of [a.text, b.text]) expect((JSON.parse(text) as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
          } else {
            expect(a, `${shape} ${JSON.stringify(c)}`).toEqual(b);
          }
          compared++;
        }
      }),
      // No shrinking: each step is real HTTP, and the first counterexample already names the request. Replay a
      // failure with DIFFERENTIAL_SEED=<seed from the report>.
      { numRuns: 60, seed: Number(process.env.DIFFERENTIAL_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
    );
    expect(compared).toBeGreaterThanOrEqual(180);
    // The Apollo-only gateway served all `compared`; the other one at most its first sightings and refusals.
    const compiled = 2 * compared - (apolloCalls.mock.calls.length - apolloBefore);
    console.info(`differential: ${compared} requests compared, ${compiled} answered by the compiled path`);
    expect(compiled).toBeGreaterThan(compared / 8);
  }, 90_000);
});
