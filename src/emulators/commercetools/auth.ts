import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { demoSecret } from '../demoSeed.ts';
import { authError, invalidToken } from './errors.ts';
import type { Principal } from './types.ts';

export const TOKEN_LIFETIME_SECONDS = 172800;

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}

interface IssuedToken { principal: Principal; expiresAt: number }

/** The documented introspection answer; `scope` names the owner as `customer_id:…` or `anonymous_id:…`. */
export interface IntrospectionResponse {
  active: boolean;
  scope?: string;
  exp?: number;
  client_id?: string;
}

/** The emulator's auth server: customer accounts, the three documented grants, and bearer token → principal. */
export class CtAuth {
  readonly clientId = 'demo-client';
  readonly clientSecret: string;
  private readonly customers = new Map<string, { id: string; password: string }>();
  private readonly accessTokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Map<string, Principal>();
  private introspected = 0;

  /** With `demoSeed`, the client secret is derived from it (stable across restarts); otherwise random. */
  constructor(
    private readonly projectKey: string,
    private readonly now: () => number = Date.now,
    demoSeed?: string,
  ) {
    this.clientSecret = demoSeed === undefined ? randomBytes(18).toString('base64url') : demoSecret(demoSeed, 'ct:client-secret');
  }

  registerCustomer(email: string, password: string, id: string = randomUUID()): string {
    this.customers.set(email.toLowerCase(), { id, password });
    return id;
  }

  /** `fixed` gives the demo principals their seed-derived tokens; every other token is random. */
  issue(principal: Principal, fixed?: { access: string; refresh: string }): TokenResponse {
    const access = fixed?.access ?? randomBytes(24).toString('base64url');
    const refresh = `${this.projectKey}:${fixed?.refresh ?? randomBytes(24).toString('base64url')}`;
    this.accessTokens.set(access, { principal, expiresAt: this.now() + TOKEN_LIFETIME_SECONDS * 1000 });
    this.refreshTokens.set(refresh, principal);
    return this.response(access, refresh, principal);
  }

  /** Resolves `Authorization: Bearer …`; anything else is the documented 401 invalid_token. */
  authenticate(header: string | undefined): Principal {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!match?.[1]) throw invalidToken('Missing or malformed bearer token in the Authorization header.');
    const token = this.accessTokens.get(match[1]);
    if (!token) throw invalidToken('The access token is invalid.');
    if (token.expiresAt <= this.now()) {
      this.accessTokens.delete(match[1]);
      throw invalidToken('The access token has expired.');
    }
    return token.principal;
  }

  /** Handles `POST /oauth/...`; returns undefined when the path is not a token endpoint. */
  tokenEndpoint(path: string, authorization: string | undefined, form: URLSearchParams): TokenResponse | undefined {
    const isCustomer = path === `/oauth/${this.projectKey}/customers/token`;
    const isAnonymous = path === `/oauth/${this.projectKey}/anonymous/token`;
    const isToken = path === '/oauth/token';
    if (!isCustomer && !isAnonymous && !isToken) return undefined;
    this.checkClient(authorization);
    const grantType = form.get('grant_type');
    if (isCustomer && grantType === 'password') return this.passwordGrant(form);
    if (isAnonymous && grantType === 'client_credentials') return this.anonymousGrant(form);
    if (isToken && grantType === 'refresh_token') return this.refreshGrant(form);
    if (!grantType) throw authError(400, 'invalid_request', "Missing required parameter 'grant_type'.");
    throw authError(400, 'unsupported_grant_type', `The grant type '${grantType}' is not supported here.`);
  }

  /** Answered `POST /oauth/introspect` calls, for tests that check the gateway's cache. */
  get introspections(): number {
    return this.introspected;
  }

  /**
   * `POST /oauth/introspect` (RFC 7662): HTTP Basic with the API client's credentials, form body `token=…`.
   * An unknown or expired token is `{active: false}` and nothing else, as the RFC asks.
   */
  introspect(authorization: string | undefined, form: URLSearchParams): IntrospectionResponse {
    this.checkClient(authorization);
    const token = form.get('token');
    if (!token) throw authError(400, 'invalid_request', "Missing required parameter 'token'.");
    this.introspected += 1;
    const issued = this.accessTokens.get(token);
    if (!issued || issued.expiresAt <= this.now()) return { active: false };
    return {
      active: true,
      scope: scopeOf(this.projectKey, issued.principal),
      exp: Math.floor(issued.expiresAt / 1000),
      client_id: this.clientId,
    };
  }

  private passwordGrant(form: URLSearchParams): TokenResponse {
    const username = form.get('username');
    const password = form.get('password');
    if (!username || password === null) {
      throw authError(400, 'invalid_request', "The parameters 'username' and 'password' are required.");
    }
    const customer = this.customers.get(username.toLowerCase());
    if (!customer || !sameSecret(customer.password, password)) {
      throw authError(401, 'invalid_customer_account_credentials', 'Customer account with the given credentials not found.');
    }
    return this.issue({ kind: 'customer', id: customer.id });
  }

  private anonymousGrant(form: URLSearchParams): TokenResponse {
    return this.issue({ kind: 'anonymous', id: form.get('anonymous_id') || randomUUID() });
  }

  private refreshGrant(form: URLSearchParams): TokenResponse {
    const refresh = form.get('refresh_token') ?? '';
    const principal = this.refreshTokens.get(refresh);
    if (!principal) throw authError(400, 'invalid_grant', 'The refresh token was not found. It may have expired.');
    const access = randomBytes(24).toString('base64url');
    this.accessTokens.set(access, { principal, expiresAt: this.now() + TOKEN_LIFETIME_SECONDS * 1000 });
    return this.response(access, refresh, principal);
  }

  private checkClient(authorization: string | undefined): void {
    const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
    const decoded = match?.[1] ? Buffer.from(match[1], 'base64').toString('utf8') : '';
    const expected = `${this.clientId}:${this.clientSecret}`;
    if (!sameSecret(decoded, expected)) {
      throw authError(401, 'invalid_client', 'Please provide valid client credentials using HTTP Basic Authentication.');
    }
  }

  private response(access: string, refresh: string, principal: Principal): TokenResponse {
    return {
      access_token: access,
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_SECONDS,
      refresh_token: refresh,
      scope: scopeOf(this.projectKey, principal),
    };
  }
}

/** The scope a token of this principal was issued with (as in the token response). */
function scopeOf(projectKey: string, principal: Principal): string {
  return `manage_my_payments:${projectKey} ${principal.kind === 'customer' ? 'customer_id' : 'anonymous_id'}:${principal.id}`;
}

function sameSecret(actual: string, expected: string): boolean {
  const a = Buffer.from(actual);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
