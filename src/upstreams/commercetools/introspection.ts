import type { KeyedHash } from '../../idempotency/keyedHash.ts';
import type { UpstreamHttp } from '../http/upstreamHttp.ts';
import { UpstreamBodyError } from '../http/upstreamErrors.ts';

/** Who a shopper token speaks for: the same for every token of one account, refreshed or not. */
export type CtShopperPrincipal = `customer:${string}` | `anonymous:${string}`;

/** The gateway's own commercetools API client: where and as whom it introspects shopper tokens. */
export interface CtApiClient {
  authUrl: string;
  clientId: string;
  clientSecret: string;
}

export interface CtTokenIntrospectionOptions {
  /** A connection of its own to the auth host (pool, deadline, breaker); introspection is sent once, never retried. */
  http: UpstreamHttp;
  client: Pick<CtApiClient, 'clientId' | 'clientSecret'>;
  /** Cache keys are this hash of the token: the token itself is never kept. */
  hash: KeyedHash;
  maxEntries?: number;
  /** An answer is kept at most this long (and never past the token's own expiry). */
  maxAgeMs?: number;
  now?: () => number;
}

/** RFC 7662's answer as commercetools sends it. */
interface CtIntrospectionBody {
  active: boolean;
  scope?: string;
  exp?: number;
}

interface Entry {
  principal: CtShopperPrincipal | undefined;
  expiresAt: number;
}

const DEFAULT_MAX_ENTRIES = 10_000;
const DEFAULT_MAX_AGE_MS = 5 * 60_000;
/** "Not active" is kept briefly: a token never becomes active later, but an auth cluster may lag a fresh one. */
const INACTIVE_MAX_AGE_MS = 10_000;

/**
 * `POST {auth}/oauth/introspect` with the gateway's client credentials: turns a shopper's bearer token into the
 * account it belongs to. Answers are cached per token hash (LRU, bounded); concurrent asks for one token share
 * one call.
 */
export class CtTokenIntrospection {
  private readonly cache = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();
  private readonly authorization: string;
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(private readonly options: CtTokenIntrospectionOptions) {
    this.authorization = `Basic ${Buffer.from(`${options.client.clientId}:${options.client.clientSecret}`).toString('base64')}`;
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.now = options.now ?? Date.now;
  }

  /**
   * The token's owner, or undefined when commercetools says the token is not an active shopper token.
   * Rejects (UpstreamHttpError, UpstreamTransportError, UpstreamBodyError) when it cannot tell.
   */
  async principalOf(token: string, requestId: string): Promise<CtShopperPrincipal | undefined> {
    const key = this.options.hash('ct-introspection', token);
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.cache.delete(key);
      if (cached.expiresAt > this.now()) {
        // Re-inserted: a Map iterates in insertion order, so the first key is always the least recently used.
        this.cache.set(key, cached);
        return cached.principal;
      }
    }
    let asked = this.pending.get(key);
    if (asked === undefined) {
      asked = this.ask(token, requestId).finally(() => this.pending.delete(key));
      this.pending.set(key, asked);
    }
    const entry = await asked;
    this.remember(key, entry);
    return entry.principal;
  }

  private async ask(token: string, requestId: string): Promise<Entry> {
    const res = await this.options.http.send({
      method: 'POST',
      path: '/oauth/introspect',
      headers: {
        authorization: this.authorization,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        'x-correlation-id': requestId,
      },
      body: new URLSearchParams({ token }).toString(),
      endpoint: 'POST /oauth/introspect',
      requestId,
    });
    const body = parseBody(res.text);
    if (body === undefined) throw new UpstreamBodyError(this.options.http.upstream, res.status, 'not an introspection answer');
    const now = this.now();
    if (!body.active) return { principal: undefined, expiresAt: now + Math.min(INACTIVE_MAX_AGE_MS, this.maxAgeMs) };
    // An active token of no shopper (the API client's own, say) has no My Payments identity either.
    const principal = principalOfScope(body.scope ?? '');
    const expiresAt = Math.min(now + (principal === undefined ? INACTIVE_MAX_AGE_MS : this.maxAgeMs), body.exp === undefined ? Infinity : body.exp * 1000);
    return { principal, expiresAt };
  }

  private remember(key: string, entry: Entry): void {
    if (entry.expiresAt <= this.now()) return;
    this.cache.delete(key);
    this.cache.set(key, entry);
    while (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next();
      if (oldest.done === true) break;
      this.cache.delete(oldest.value);
    }
  }
}

/** `customer_id:{id}` wins over `anonymous_id:{id}`: a signed-in customer owns what they create. */
function principalOfScope(scope: string): CtShopperPrincipal | undefined {
  const scopes = scope.split(' ');
  const customer = scopes.find((s) => s.startsWith('customer_id:'))?.slice('customer_id:'.length);
  if (customer) return `customer:${customer}`;
  const anonymous = scopes.find((s) => s.startsWith('anonymous_id:'))?.slice('anonymous_id:'.length);
  return anonymous ? `anonymous:${anonymous}` : undefined;
}

function parseBody(text: string): CtIntrospectionBody | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const { active, scope, exp } = body as Record<string, unknown>;
  if (typeof active !== 'boolean') return undefined;
  if (scope !== undefined && typeof scope !== 'string') return undefined;
  if (exp !== undefined && (typeof exp !== 'number' || !Number.isFinite(exp))) return undefined;
  return { active, ...(scope === undefined ? {} : { scope }), ...(exp === undefined ? {} : { exp }) };
}
