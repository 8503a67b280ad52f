import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { createKeyedHash } from '../../src/idempotency/keyedHash.ts';
import { CtTokenIntrospection, type CtTokenIntrospectionOptions } from '../../src/upstreams/commercetools/introspection.ts';
import { createUpstreamHttp } from '../../src/upstreams/http/upstreamHttp.ts';
import { createRecordingLogger } from '../helpers/recordingLogger.ts';
import { startStubUpstream, type StubUpstream } from '../helpers/stubUpstream.ts';

const START = Date.parse('2026-12-01T12:00:00Z');
const MINUTE = 60_000;

/**
 * The introspection cache over real HTTP: an auth stub that names the owner after the token (`token-<id>` belongs
 * to customer `<id>`) and says when it expires, and a clock the test moves.
 */
describe('commercetools token introspection cache', () => {
  let auth: StubUpstream;
  let expiresAtSeconds: number | undefined;
  let active: boolean;
  const bodies: string[] = [];
  const dispatcher = new Agent();
  const { logger, lines } = createRecordingLogger('debug');

  beforeAll(async () => {
    auth = await startStubUpstream((_req, res, body) => {
      bodies.push(body);
      const token = new URLSearchParams(body).get('token') ?? '';
      const answer = active ? { active, scope: `manage_my_payments:demo customer_id:${token.replace(/^token-/, '')}`, ...(expiresAtSeconds === undefined ? {} : { exp: expiresAtSeconds }) } : { active };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  afterAll(async () => {
    await dispatcher.destroy();
    await auth.close();
  });

  function introspection(clock: { now: number }, options: Partial<CtTokenIntrospectionOptions> = {}): CtTokenIntrospection {
    auth.calls.length = 0;
    bodies.length = 0;
    active = true;
    expiresAtSeconds = undefined;
    const http = createUpstreamHttp({ upstream: 'commercetools-auth', baseUrl: auth.url, dispatcher, logger, timeoutMs: 2000 });
    return new CtTokenIntrospection({ http, client: { clientId: 'gateway', clientSecret: 'gateway-secret' }, hash: createKeyedHash('test-secret'), now: () => clock.now, ...options });
  }

  it('asks once per token, as the documented request, and answers the owner', async () => {
    const clock = { now: START };
    const cache = introspection(clock);
    expect(await cache.principalOf('token-alice', 'r1')).toBe('customer:alice');
    expect(await cache.principalOf('token-alice', 'r2')).toBe('customer:alice');
    expect(await cache.principalOf('token-bob', 'r3')).toBe('customer:bob');
    expect(auth.calls).toHaveLength(2);
    expect(auth.calls[0]).toMatchObject({ method: 'POST', url: '/oauth/introspect' });
    expect(auth.calls[0]!.headers['authorization']).toBe(`Basic ${Buffer.from('gateway:gateway-secret').toString('base64')}`);
    expect(auth.calls[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(auth.calls[0]!.headers['x-correlation-id']).toBe('r1');
    expect(bodies[0]).toBe('token=token-alice');
  });

  it('shares one call among concurrent asks for one token', async () => {
    const cache = introspection({ now: START });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => cache.principalOf('token-carol', `r${i}`)));
    expect(new Set(answers)).toEqual(new Set(['customer:carol']));
    expect(auth.calls).toHaveLength(1);
  });

  it('keeps an answer a few minutes at most, then asks again', async () => {
    const clock = { now: START };
    const cache = introspection(clock, { maxAgeMs: 5 * MINUTE });
    await cache.principalOf('token-dave', 'r');
    clock.now += 5 * MINUTE - 1;
    await cache.principalOf('token-dave', 'r');
    expect(auth.calls).toHaveLength(1);
    clock.now += 1;
    await cache.principalOf('token-dave', 'r');
    expect(auth.calls).toHaveLength(2);
  });

  it("never keeps an answer past the token's own expiry", async () => {
    const clock = { now: START };
    const cache = introspection(clock, { maxAgeMs: 5 * MINUTE });
    expiresAtSeconds = (START + MINUTE) / 1000;
    await cache.principalOf('token-erin', 'r');
    clock.now += MINUTE - 1;
    await cache.principalOf('token-erin', 'r');
    expect(auth.calls).toHaveLength(1);
    clock.now += 1;
    active = false;
    expect(await cache.principalOf('token-erin', 'r')).toBeUndefined();
    expect(auth.calls).toHaveLength(2);
  });

  it('keeps "not active" only briefly', async () => {
    const clock = { now: START };
    const cache = introspection(clock);
    active = false;
    expect(await cache.principalOf('token-frank', 'r')).toBeUndefined();
    expect(await cache.principalOf('token-frank', 'r')).toBeUndefined();
    expect(auth.calls).toHaveLength(1);
    clock.now += 10_000;
    active = true;
    expect(await cache.principalOf('token-frank', 'r')).toBe('customer:frank');
    expect(auth.calls).toHaveLength(2);
  });

  it('is bounded: past maxEntries the least recently used token is forgotten', async () => {
    const cache = introspection({ now: START }, { maxEntries: 2 });
    await cache.principalOf('token-a', 'r');
    await cache.principalOf('token-b', 'r');
    await cache.principalOf('token-a', 'r'); // a is now the most recently used
    await cache.principalOf('token-c', 'r'); // evicts b
    expect(auth.calls).toHaveLength(3);
    await cache.principalOf('token-a', 'r');
    await cache.principalOf('token-c', 'r');
    expect(auth.calls).toHaveLength(3);
    await cache.principalOf('token-b', 'r');
    expect(auth.calls).toHaveLength(4);
  });

  it('names an anonymous session, and has no identity for a token of no shopper', async () => {
    const cache = introspection({ now: START });
    auth.handler = (_req, res, body) => {
      bodies.push(body);
      const token = new URLSearchParams(body).get('token');
      const scope = token === 'anon' ? 'manage_my_payments:demo anonymous_id:a-1' : 'manage_project:demo';
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ active: true, scope }));
    };
    expect(await cache.principalOf('anon', 'r')).toBe('anonymous:a-1');
    expect(await cache.principalOf('api-client-token', 'r')).toBeUndefined();
  });

  it('never logs a token or the client secret', () => {
    const text = lines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of ['token-alice', 'token-carol', 'gateway-secret', Buffer.from('gateway:gateway-secret').toString('base64')]) expect(text).not.toContain(secret);
  });
});
