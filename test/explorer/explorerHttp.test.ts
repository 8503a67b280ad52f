import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphql } from '../helpers/graphqlClient.ts';
import { startGatewayAgainst, type GatewayUnderTest } from '../helpers/gatewayAgainst.ts';
import { startExplorerStack, type ExplorerStack } from './explorerStack.ts';

const OPERATIONS = ['MyPayments', 'MyPayment', 'CreateMyPayment', 'UpdateMyPayment', 'AddOrderPayments'];

interface SandboxConfig {
  initialState: { document: string; variables: Record<string, unknown>; headers: Record<string, string> };
}

/** The Sandbox configuration Apollo's page hands to the embed script. */
function sandboxConfigIn(html: string): SandboxConfig {
  const match = /var embeddedSandboxConfig = (\{.*?\});\n/s.exec(html);
  if (!match?.[1]) throw new Error(`no embeddedSandboxConfig in the landing page:\n${html.slice(0, 2000)}`);
  return JSON.parse(match[1]) as SandboxConfig;
}

describe('explorers outside production', () => {
  let stack: ExplorerStack;
  beforeAll(async () => {
    stack = await startExplorerStack();
  });
  afterAll(async () => {
    await stack.close();
  });

  it('GET / leads to /graphql', async () => {
    const res = await fetch(`${stack.origin}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/graphql');
  });

  it('Sandbox comes preloaded, and every preloaded operation runs as it is with the preloaded variables and headers', async () => {
    const res = await fetch(stack.gateway.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    // Offline, Apollo's page says Sandbox cannot be loaded: it then links to the gateway's own explorer.
    expect(html).toMatch(/Apollo Sandbox cannot be loaded[^]*<a href="\/graphiql">/);

    const { initialState } = sandboxConfigIn(html);
    expect(initialState.headers).toEqual(stack.upstreams.explorerDemo.headers);
    expect(initialState.headers.Authorization).toMatch(/^Bearer \S{20,}$/);
    expect(initialState.variables.id).toBe(stack.upstreams.explorerDemo.paymentId);
    for (const name of OPERATIONS) expect(initialState.document).toMatch(new RegExp(`(query|mutation) ${name}\\(`));

    // Pressing Run on each operation in turn, as a newcomer would.
    const lowerFirst = (name: string) => name[0]!.toLowerCase() + name.slice(1);
    for (const operationName of OPERATIONS) {
      const result = await postGraphql<Record<string, unknown>>(stack.gateway.url, initialState.document, {
        operationName,
        variables: initialState.variables,
        headers: Object.fromEntries(Object.entries(initialState.headers).map(([k, v]) => [k.toLowerCase(), v])),
      });
      expect(result.body.errors, operationName).toBeUndefined();
      expect(result.body.data?.[lowerFirst(operationName)], operationName).toBeTruthy();
    }
  });

  it('GraphiQL is served with all its files by the gateway, one tab per operation', async () => {
    const res = await fetch(`${stack.origin}/graphiql`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const html = await res.text();
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((src) => !src.startsWith('data:'));
    expect(sources.every((src) => src.startsWith('/graphiql/assets/'))).toBe(true);
    expect(sources).toHaveLength(5);
    for (const src of sources) {
      const asset = await fetch(`${stack.origin}${src}`);
      expect(asset.status, src).toBe(200);
      expect(asset.headers.get('content-type'), src).toMatch(src.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      expect((await asset.arrayBuffer()).byteLength, src).toBeGreaterThan(100);
    }
    const config = JSON.parse(/<script id="explorer-config" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!) as {
      tabs: Array<{ query: string; variables: string; headers: string }>;
    };
    expect(config.tabs.map((tab) => /(?:query|mutation) (\w+)/.exec(tab.query)?.[1])).toEqual(OPERATIONS);
    expect(JSON.parse(config.tabs[0]!.headers)).toEqual(stack.upstreams.explorerDemo.headers);
    expect((await fetch(`${stack.origin}/graphiql/assets/package.json`)).status).toBe(404);
  });

  it('every preloaded mutation carries a key of its own: Run twice is one payment, a reload brings new keys', async () => {
    const sandboxPage = async () => sandboxConfigIn(await (await fetch(stack.gateway.url, { headers: { accept: 'text/html' } })).text()).initialState;
    const graphiqlTabs = async () => {
      const html = await (await fetch(`${stack.origin}/graphiql`)).text();
      const config = JSON.parse(/<script id="explorer-config" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!) as {
        tabs: Array<{ query: string; variables: string; headers: string }>;
      };
      return config.tabs.map((tab) => ({ query: tab.query, variables: JSON.parse(tab.variables) as Record<string, unknown>, headers: JSON.parse(tab.headers) as Record<string, string> }));
    };
    const run = (document: string, operationName: string, variables: Record<string, unknown>, headers: Record<string, string>) =>
      postGraphql<Record<string, unknown>>(stack.gateway.url, document, {
        operationName,
        variables,
        headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
      });
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

    const sandbox = await sandboxPage();
    // Sandbox has one variables object: each mutation's key has a name of its own there.
    const sandboxKeys = ['createMyPaymentKey', 'updateMyPaymentKey', 'addOrderPaymentsKey'].map((name) => sandbox.variables[name]);
    for (const key of sandboxKeys) expect(key).toMatch(uuid);
    expect(new Set(sandboxKeys).size).toBe(3);
    for (const operationName of ['CreateMyPayment', 'AddOrderPayments']) {
      const first = await run(sandbox.document, operationName, sandbox.variables, sandbox.headers);
      const again = await run(sandbox.document, operationName, sandbox.variables, sandbox.headers);
      expect(first.body.errors, operationName).toBeUndefined();
      expect(again.headers.get('idempotent-replayed'), operationName).toBe('true');
      expect(again.body.data, operationName).toEqual(first.body.data);
    }
    const reloaded = await sandboxPage();
    expect(reloaded.variables.createMyPaymentKey).toMatch(uuid);
    expect(reloaded.variables.createMyPaymentKey).not.toBe(sandbox.variables.createMyPaymentKey);

    const tabs = await graphiqlTabs();
    const keyed = tabs.filter((tab) => /^\s*mutation /m.test(tab.query));
    expect(keyed).toHaveLength(3);
    for (const tab of tabs) expect(tab.variables.idempotencyKey === undefined, tab.query).toBe(!keyed.includes(tab));
    const create = keyed.find((tab) => tab.query.includes('mutation CreateMyPayment'))!;
    expect(create.variables.idempotencyKey).toMatch(uuid);
    const first = await run(create.query, 'CreateMyPayment', create.variables, create.headers);
    const again = await run(create.query, 'CreateMyPayment', create.variables, create.headers);
    expect(first.body.errors).toBeUndefined();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.data).toEqual(first.body.data);
    expect((await graphiqlTabs()).find((tab) => tab.query.includes('mutation CreateMyPayment'))!.variables.idempotencyKey).not.toBe(create.variables.idempotencyKey);
  });

  it('front ends on localhost and 127.0.0.1 pass CORS with no configuration; other origins do not', async () => {
    const preflight = (origin: string) =>
      fetch(stack.gateway.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
      });
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:3000', 'http://localhost']) {
      expect((await preflight(origin)).headers.get('access-control-allow-origin'), origin).toBe(origin);
    }
    for (const origin of ['http://localhost.example.com:5173', 'http://127.0.0.2:3000', 'https://shop.example.com']) {
      expect((await preflight(origin)).headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });
});

describe('explorers in production', () => {
  let gateway: GatewayUnderTest;
  beforeAll(async () => {
    gateway = await startGatewayAgainst({}, { NODE_ENV: 'production', CTP_API_URL: 'http://127.0.0.1:9', OCC_BASE_URL: 'http://127.0.0.1:9' });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('a browser on /graphql gets a plain explanation, not a CSRF error', async () => {
    const res = await fetch(gateway.gateway.url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('POST');
    expect(text).toContain('turned off in production');
    expect(text).not.toMatch(/CSRF|Cross-Site/i);
  });

  it('serves no explorer, and localhost origins need CORS_ORIGINS', async () => {
    const origin = new URL(gateway.gateway.url).origin;
    expect((await fetch(`${origin}/graphiql`)).status).toBe(404);
    expect((await fetch(`${origin}/graphiql/assets/graphiql.min.js`)).status).toBe(404);
    expect((await fetch(`${origin}/`, { redirect: 'manual' })).status).toBe(404);
    const preflight = await fetch(gateway.gateway.url, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("refused introspection names the gateway's INTROSPECTION setting, not Apollo's constructor", async () => {
    const res = await gateway.gql('{ __schema { queryType { name } } }');
    expect(res.status).toBe(400);
    const error = res.body.errors![0]!;
    expect(error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toContain('INTROSPECTION=true');
    expect(error.message).not.toMatch(/ApolloServer|Apollo Server/);
  });
});
