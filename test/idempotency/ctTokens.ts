import { expect } from 'vitest';
import type { CommercetoolsEmulator } from '../../src/emulators/commercetools/index.ts';

/** A shopper's own token request (password or refresh grant), as a storefront makes it with its API client. */
export async function tokenGrant(
  ct: Pick<CommercetoolsEmulator, 'authUrl' | 'clientId' | 'clientSecret'>,
  path: string,
  form: Record<string, string>,
): Promise<{ access_token: string; refresh_token: string }> {
  const res = await fetch(`${ct.authUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${ct.clientId}:${ct.clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { access_token: string; refresh_token: string };
}
