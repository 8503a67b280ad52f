/** The requests the bench sends: the same payment as REST, through the floor and through the gateway. */
import { GET as SINGLE_PAYMENT_QUERY } from '../commercetools/fragments.ts';
import type { Measured, Target } from './load.ts';
import type { Served } from './stack.ts';
import type { EmulatorReady } from './emulatorProcess.ts';

export interface Endpoints {
  emulator: EmulatorReady;
  floorUrl: string;
  strictFloorUrl: string;
  gatewayUrl: string;
}

const json = { 'content-type': 'application/json' };

function graphql(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Target {
  return { url, method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) };
}

/** The query string the gateway's payment loader sends for these ids (same parameter order). */
export function restPath(emulator: EmulatorReady, ids: string[], limit = ids.length): string {
  const search = new URLSearchParams({ where: 'id in :ids' });
  for (const id of ids) search.append('var.ids', id);
  search.set('limit', String(limit));
  search.set('offset', '0');
  search.set('withTotal', 'false');
  return `${emulator.apiUrl}/${emulator.projectKey}/me/payments?${search}`;
}

export function directSingle(e: Endpoints, id: string): Target {
  return { url: restPath(e.emulator, [id]), method: 'GET', headers: { authorization: `Bearer ${e.emulator.demoToken}`, accept: 'application/json' } };
}

/** The REST call the gateway makes for 100 aliases of 100 different payments: one query answering 100 payments. */
export function directIds(e: Endpoints, ids: string[]): Target {
  return { url: restPath(e.emulator, ids), method: 'GET', headers: { authorization: `Bearer ${e.emulator.bulkToken}`, accept: 'application/json' } };
}

export function floorSingle(e: Endpoints, id: string, floorUrl = e.floorUrl): Target {
  return { url: `${floorUrl}/?id=${encodeURIComponent(id)}`, method: 'GET', headers: { authorization: `Bearer ${e.emulator.demoToken}` } };
}

/** Each floor process, asked for the payment. */
export function floorsOf(e: Endpoints, id: string, floors: readonly Served[]): Measured[] {
  return floors.map((floor) => ({ target: floorSingle(e, id, floor.url), pid: floor.pid }));
}

export function gatewaySingle(e: Endpoints, id: string): Target {
  return graphql(e.gatewayUrl, e.emulator.demoToken, SINGLE_PAYMENT_QUERY, { id });
}

/** Small selections, so 100 aliases stay inside the production token/cost limits. */
const SMALL = '{ id version amountPlanned { currencyCode centAmount } }';

export function gatewaySmallSingle(e: Endpoints, id: string): Target {
  return graphql(e.gatewayUrl, e.emulator.demoToken, `query One($id: ID!) { myPayment(id: $id) ${SMALL} }`, { id });
}

/** 100 aliases of one id: the loader dedupes them into one upstream call for one payment. */
export function gatewayAliasesSameId(e: Endpoints, id: string): Target {
  const fields = Array.from({ length: 100 }, (_, i) => `p${i}: myPayment(id: $id) ${SMALL}`).join(' ');
  return graphql(e.gatewayUrl, e.emulator.demoToken, `query Many($id: ID!) { ${fields} }`, { id });
}

/** 100 aliases of 100 different payments: one upstream call answering 100 payments. */
export function gatewayAliasesDistinct(e: Endpoints, ids: string[]): Target {
  const fields = ids.slice(0, 100).map((id, i) => `p${i}: myPayment(id: ${JSON.stringify(id)}) ${SMALL}`).join(' ');
  return graphql(e.gatewayUrl, e.emulator.bulkToken, `query ManyDistinct { ${fields} }`);
}

export function gatewayPage500(e: Endpoints): Target {
  const query = `query Page { myPayments(first: 500, withTotal: false) { nodes ${SMALL} pageInfo { hasNextPage endCursor } } }`;
  return graphql(e.gatewayUrl, e.emulator.bulkToken, query);
}

/** What the gateway asks commercetools for `first: 500` (500 is the maximum, so it counts with `withTotal`). */
export function directPage500(e: Endpoints): Target {
  const search = new URLSearchParams({ limit: '500', offset: '0', withTotal: 'true' });
  return { url: `${e.emulator.apiUrl}/${e.emulator.projectKey}/me/payments?${search}`, method: 'GET', headers: { authorization: `Bearer ${e.emulator.bulkToken}` } };
}

/** Sends one request outside the load generator and returns the parsed answer, to check a scenario works. */
export async function probe(target: Target): Promise<{ status: number; body: unknown }> {
  const res = await fetch(target.url, { method: target.method, headers: target.headers, ...(target.body === undefined ? {} : { body: target.body }) });
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

/** A GraphQL answer with data and no errors, or a short description of what went wrong. */
export function graphqlProblem(answer: { status: number; body: unknown }): string | undefined {
  const body = answer.body as { data?: unknown; errors?: Array<{ message?: string; extensions?: { code?: string } }> } | null;
  if (answer.status !== 200) return `HTTP ${answer.status}: ${JSON.stringify(body).slice(0, 200)}`;
  const first = body?.errors?.[0];
  if (first) return `${first.extensions?.code ?? 'ERROR'}: ${first.message ?? ''}`;
  if (body?.data === null || body?.data === undefined) return 'no data';
  return undefined;
}

/** Two card payments of 0.01 on a spare 500.00 order: thousands of calls fit before its balance runs out. */
export function gatewayAddOrderPayments(e: Endpoints, agentToken: string): Target {
  const card = { number: '4111111111111111', cvv: '123', type: 'visa', nameOnCard: 'Bench Shopper', expiryMonth: 12, expiryYear: 2030 };
  const query = `mutation Pay($input: AddOrderPaymentsInput!) {
    addOrderPayments(input: $input) { orderId amountRemaining paymentResponses { paymentGroupId amount paymentState maskedCardNumber } }
  }`;
  const input = {
    orderId: 'o810000',
    profileId: '170309',
    payments: [
      { paymentMethodType: 'CARD', amount: '0.01', card },
      { paymentMethodType: 'CARD', amount: '0.01', card },
    ],
  };
  return {
    url: e.gatewayUrl,
    method: 'POST',
    headers: { ...json, 'x-occ-authorization': `Bearer ${agentToken}` },
    body: JSON.stringify({ query, variables: { input } }),
  };
}
