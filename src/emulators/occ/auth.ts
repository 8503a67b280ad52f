import { randomBytes } from 'node:crypto';

/** Agent bearer tokens. Login tokens expire like real user tokens (~15 minutes); the standing demo token does not. */
export class OccTokenStore {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly ttlSeconds: number) {}

  /**
   * A token that never expires, so the start-up banner's header keeps working for a whole demo session; `fixed` is
   * the seed-derived one that also survives a restart.
   */
  issueStanding(fixed?: string): string {
    const token = fixed ?? newToken();
    this.expiries.set(token, Number.POSITIVE_INFINITY);
    return token;
  }

  issue(): { access_token: string; token_type: 'bearer'; expires_in: number } {
    const token = newToken();
    this.expiries.set(token, Date.now() + this.ttlSeconds * 1000);
    return { access_token: token, token_type: 'bearer', expires_in: this.ttlSeconds };
  }

  isValid(token: string | undefined): boolean {
    if (token === undefined) return false;
    const expiry = this.expiries.get(token);
    if (expiry === undefined) return false;
    if (expiry > Date.now()) return true;
    this.expiries.delete(token);
    return false;
  }
}

export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return /^Bearer\s+(\S+)$/i.exec(value?.trim() ?? '')?.[1];
}

function newToken(): string {
  return randomBytes(24).toString('base64url');
}
