import { afterAll, beforeAll, expect } from 'vitest';
import { startCommercetoolsEmulator, type CommercetoolsEmulator } from '../../src/emulators/commercetools/index.ts';

/** Raw HTTP helpers for the commercetools emulator contract tests. */
export interface Reply { status: number; text: string; json: Record<string, unknown>; headers: Headers }
export interface Payment { id: string; version: number; createdAt: string; lastModifiedAt: string; [key: string]: unknown }
export interface Page { limit: number; offset: number; count: number; total?: number; results: Payment[] }

/** Calls on `/{projectKey}/me/payments`; `base` is read at call time because the emulator starts in beforeAll. */
export function paymentsApi(base: () => string) {
  async function call(method: string, path: string, token: string | undefined, body?: string): Promise<Reply> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    const res = await fetch(`${base()}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
  }
  return {
    call,
    create: (token: string, draft: unknown) => call('POST', '', token, JSON.stringify(draft)),
    update: (token: string, id: string, version: number, actions: unknown[]) => call('POST', `/${id}`, token, JSON.stringify({ version, actions })),
  };
}

/** Starts one emulator for the calling test file and returns it (as `env.ct`, set in beforeAll) with its HTTP helpers. */
export function useCommercetoolsEmulator() {
  const env = {} as { ct: CommercetoolsEmulator; base: string };
  beforeAll(async () => {
    env.ct = await startCommercetoolsEmulator({ history: 1000 });
    env.base = `${env.ct.apiUrl}/${env.ct.projectKey}/me/payments`;
  });
  afterAll(() => env.ct.close());
  return { env, ...paymentsApi(() => env.base) };
}

export const page = (reply: Reply) => reply.json as unknown as Page;
export const usd = (centAmount: number) => ({ currencyCode: 'USD', centAmount });

/** The first error of a documented error body, after checking the envelope. */
export function firstError(reply: Reply, status: number): Record<string, unknown> {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(reply.json['statusCode']).toBe(status);
  const errors = reply.json['errors'] as Array<Record<string, unknown>>;
  expect(errors).toHaveLength(1);
  expect(errors[0]?.['message']).toBe(reply.json['message']);
  return errors[0] ?? {};
}
