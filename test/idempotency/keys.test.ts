import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../helpers/until.ts';
import { startGatewayAgainst, type GatewayUnderTest } from '../helpers/gatewayAgainst.ts';
import { startStubUpstream, faults, type StubUpstream } from '../helpers/stubUpstream.ts';
import { redisEnv } from '../helpers/testRedis.ts';
import { SECRETS } from '../hardening/secrets.ts';
import { findLeakingLines } from '../helpers/leakScan.ts';
import { redisEntries } from '../helpers/redisEntries.ts';
import { approving, CARD, declining, PAY, payInput } from './occStub.ts';

const AGENT = 'agent-token-1';

/** Every behaviour of one key, on the in-memory store and on Redis: the same answers, the same upstream calls. */
describe.each([
  ['memory store', () => ({})],
  ['Redis store', () => redisEnv()],
])('idempotency keys (%s)', (_name, env) => {
  let occ: StubUpstream;
  let gateway: GatewayUnderTest;
  let storeEnv: Record<string, string>;

  beforeAll(async () => {
    occ = await startStubUpstream();
    storeEnv = env();
    gateway = await startGatewayAgainst({ occBaseUrl: occ.url }, { ...storeEnv, UPSTREAM_TIMEOUT_MS: '400', BREAKER_THRESHOLD: '1000' });
  });
  afterAll(async () => {
    await gateway.close();
    await occ.close();
  });

  const pay = (key: string | undefined, input: unknown = payInput(), options: { agent?: string; headers?: Record<string, string> } = {}) =>
    gateway.gql(PAY, { occToken: options.agent ?? AGENT, variables: { input, key }, headers: options.headers });
  const fresh = (handler = approving()) => {
    occ.handler = handler;
    occ.calls.length = 0;
  };

  it('replays the stored result for the same key and arguments, without an upstream call', async () => {
    fresh();
    const key = randomUUID();
    const first = await pay(key);
    const second = await pay(key);
    expect(first.body.errors).toBeUndefined();
    expect(second.body.data).toEqual(first.body.data);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(JSON.parse(second.text).extensions).toEqual({ idempotentReplayed: true });
    expect(occ.calls).toHaveLength(1);
  });

  it('without a key, two calls are two calls', async () => {
    fresh();
    const first = await pay(undefined);
    const second = await pay(undefined);
    expect(occ.calls).toHaveLength(2);
    expect(second.body.data).not.toEqual(first.body.data);
  });

  it('refuses the same key with other arguments (IDEMPOTENCY_KEY_REUSED), without an upstream call', async () => {
    fresh();
    const key = randomUUID();
    await pay(key, payInput('o-1001', '10.00'));
    const reused = await pay(key, payInput('o-1001', '11.00'));
    expect(reused.body.errors?.[0]?.extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey' });
    expect(occ.calls).toHaveLength(1);
  });

  it('refuses the same key while the first request runs (IDEMPOTENCY_KEY_IN_USE), then replays its result', async () => {
    fresh(approving(250));
    const key = randomUUID();
    const first = pay(key);
    await until(() => occ.calls.length === 1, 'the first payment to reach Oracle Commerce', 5000);
    const during = await pay(key);
    expect(during.body.errors?.[0]?.extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_USE', retryable: true, retryAfterSeconds: 1 });
    // As HTTP says it, for retry interceptors that read no GraphQL: 409 (the IETF Idempotency-Key draft's), Retry-After.
    expect(during.status).toBe(409);
    expect(during.headers.get('retry-after')).toBe('1');
    const done = await first;
    expect(done.status).toBe(200);
    expect(done.headers.get('retry-after')).toBeNull();
    const after = await pay(key);
    expect(after.body.data).toEqual(done.body.data);
    expect(occ.calls).toHaveLength(1);
  });

  it('answers 200 (Retry-After kept) when a key is in use after a payment of the same operation went upstream', async () => {
    // The first payment (order o-1001) outlasts the whole second request.
    const slow = approving(1500);
    const quick = approving(10);
    fresh((req, res, body) => ((JSON.parse(body) as { orderId: string }).orderId === 'o-1001' ? slow : quick)(req, res, body));
    const busy = randomUUID();
    const first = pay(busy);
    await until(() => occ.calls.length === 1, 'the first payment to reach Oracle Commerce', 5000);
    // Mutations run in order: `paid` goes upstream, then `busy` finds its key in use.
    const TWO = `mutation Two($paid: AddOrderPaymentsInput!, $paidKey: String, $busy: AddOrderPaymentsInput!, $busyKey: String) {
      paid: addOrderPayments(input: $paid, idempotencyKey: $paidKey) { orderId }
      busy: addOrderPayments(input: $busy, idempotencyKey: $busyKey) { orderId }
    }`;
    const both = await gateway.gql(TWO, { occToken: AGENT, variables: { paid: payInput('o-1002'), paidKey: randomUUID(), busy: payInput(), busyKey: busy } });
    expect(occ.calls).toHaveLength(2);
    expect(both.body.errors?.[0]?.extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_USE', retryAfterSeconds: 1 });
    // Not 409: an error status says nothing was applied, and `paid` may well have been (its field is non-null, so
    // the error nulls the whole data; the same keys again replay it).
    expect(both.status).toBe(200);
    expect(both.headers.get('retry-after')).toBe('1');
    await first;
  });

  it('never pays twice for a retry under another token (a refreshed one): OUTCOME_UNKNOWN, nothing sent, nothing of the first answer', async () => {
    // OCC tokens are opaque and last about 15 minutes: a retry may well carry another token than the first attempt.
    fresh();
    const key = randomUUID();
    const first = await pay(key);
    expect(first.body.errors).toBeUndefined();
    const refreshed = await pay(key, payInput(), { agent: 'agent-token-refreshed' });
    expect(refreshed.body.errors?.[0]?.extensions).toEqual({ code: 'OUTCOME_UNKNOWN', upstream: 'occ', retryable: false });
    expect(refreshed.body.errors?.[0]?.message).toMatch(/another agent token/);
    expect(refreshed.body.data).toBeNull();
    expect(refreshed.headers.get('idempotent-replayed')).toBeNull();
    expect(occ.calls).toHaveLength(1);
    // The first token still gets its own answer, and the key on another order is another payment.
    const replay = await pay(key);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.data).toEqual(first.body.data);
    expect((await pay(key, payInput('o-2002'), { agent: 'agent-token-refreshed' })).body.errors).toBeUndefined();
    expect(occ.calls).toHaveLength(2);
  });

  it('frees the order\'s key when Oracle Commerce refused the token: the retry under a new one runs', async () => {
    fresh();
    const approve = approving();
    occ.handler = (req, res, body) => {
      if (req.headers.authorization === 'Bearer agent-token-expired') {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errorCode: '99401', message: 'Unauthorized', status: '401' }));
        return;
      }
      approve(req, res, body);
    };
    const key = randomUUID();
    const expired = await pay(key, payInput(), { agent: 'agent-token-expired' });
    expect(expired.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    const renewed = await pay(key, payInput(), { agent: 'agent-token-renewed' });
    expect(renewed.body.errors).toBeUndefined();
    expect(occ.calls).toHaveLength(2);
  });

  it('frees the order\'s key when nothing was sent: the corrected retry under a refreshed token runs', async () => {
    fresh();
    const key = randomUUID();
    const refused = await pay(key, payInput('o-1001', '10.00', { ...CARD, cvv: '12' }));
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const fixed = await pay(key, payInput(), { agent: 'agent-token-refreshed' });
    expect(fixed.body.errors).toBeUndefined();
    expect(occ.calls).toHaveLength(1);
  });

  it('knows the caller however the bearer scheme is written: `bearer T` retrying `Bearer T`\'s key is a replay', async () => {
    fresh();
    const key = randomUUID();
    const first = await pay(key);
    const retry = await gateway.gql(PAY, { variables: { input: payInput(), key }, headers: { 'x-occ-authorization': `bearer ${AGENT}` } });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.data).toEqual(first.body.data);
    expect(occ.calls).toHaveLength(1);
  });

  it('answers and keeps no card data that Oracle Commerce echoes in a successful answer', async () => {
    const spaced = SECRETS.cardNumber.replace(/(\d{4})(?=\d)/g, '$1.');
    occ.handler = (_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      // Numbers written by hand: a card number as a JSON number, as a careless gateway plug-in might send it.
      res.end(`{"orderId":"o-1001","amountRemaining":0,"customPaymentProperties":{"pan":${SECRETS.cardNumber},"cvv":"${SECRETS.cvv}"},"paymentResponses":[{"paymentGroupId":"pg${SECRETS.cvv}0","amount":10,"paymentState":"AUTHORIZED","message":"Card ${SECRETS.cardNumber} cvv=${SECRETS.cvv}","transaction_state":"ok ${spaced}","gatewayName":"gw ${SECRETS.cardNumberSpaced}"}]}`);
    };
    occ.calls.length = 0;
    const key = randomUUID();
    const echoing = 'mutation Echo($input: AddOrderPaymentsInput!, $key: String) { addOrderPayments(input: $input, idempotencyKey: $key) { customPaymentProperties paymentResponses { paymentGroupId message transactionState gatewayName customPaymentProperties } } }';
    const answers = [await gateway.gql(echoing, { occToken: AGENT, variables: { input: payInput(), key } }), await gateway.gql(echoing, { occToken: AGENT, variables: { input: payInput(), key } })];
    expect(answers[1]!.headers.get('idempotent-replayed')).toBe('true');
    expect(answers[1]!.body.data).toEqual(answers[0]!.body.data);
    expect(occ.calls).toHaveLength(1);
    for (const answer of answers) {
      expect(answer.body.errors).toBeUndefined();
      expect(findLeakingLines([answer.text], [SECRETS.cardNumber, SECRETS.cvv])).toEqual([]);
    }
    expect(answers[0]!.body.data).toMatchObject({ addOrderPayments: { customPaymentProperties: { pan: '411111******1111', cvv: '[REDACTED]' } } });
    // An identifier keeps every character, though the CVV's digits are among them: only free text is cut.
    expect(answers[0]!.body.data).toMatchObject({ addOrderPayments: { paymentResponses: [{ paymentGroupId: `pg${SECRETS.cvv}0`, message: 'Card 411111******1111 cvv=[REDACTED]' }] } });
    // The record the replay came from (Redis store): nothing of the card either.
    if (storeEnv.REDIS_URL !== undefined) {
      // This payment's record: the one holding its payment group id (earlier tests wrote others under the prefix).
      const entries = (await redisEntries(storeEnv.REDIS_URL, storeEnv.REDIS_KEY_PREFIX!)).filter((entry) => entry.includes(`pg${SECRETS.cvv}0`));
      expect(entries).toHaveLength(1);
      expect(findLeakingLines(entries, [SECRETS.cardNumber, SECRETS.cvv])).toEqual([]);
    }
  });

  it('marks an answer replayed only when every mutation in it was: a replayed field beside a new payment is no replay', async () => {
    fresh();
    const [old, anew] = [randomUUID(), randomUUID()];
    await pay(old);
    const both = `mutation Both($input: AddOrderPaymentsInput!, $old: String, $anew: String) {
      a: addOrderPayments(input: $input, idempotencyKey: $old) { paymentResponses { paymentGroupId } }
      b: addOrderPayments(input: $input, idempotencyKey: $anew) { paymentResponses { paymentGroupId } } }`;
    const mixed = await gateway.gql(both, { occToken: AGENT, variables: { input: payInput(), old, anew } });
    expect(mixed.body.errors).toBeUndefined();
    expect(occ.calls).toHaveLength(2);
    expect(mixed.headers.get('idempotent-replayed')).toBeNull();
    expect(mixed.text).not.toContain('idempotentReplayed');
    // Sent again, both fields come from their records: now the whole answer is a replay.
    const again = await gateway.gql(both, { occToken: AGENT, variables: { input: payInput(), old, anew } });
    expect(occ.calls).toHaveLength(2);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.data).toEqual(mixed.body.data);
    // Beside a field that was refused (its key unusable), a replay is no whole replay either.
    const refused = await gateway.gql(both, { occToken: AGENT, variables: { input: payInput(), old, anew: '   ' } });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.headers.get('idempotent-replayed')).toBeNull();
    expect(refused.text).not.toContain('idempotentReplayed');
  });

  it('sends an integer beyond 2^53 written into customProperties to Oracle Commerce as its exact digits', async () => {
    const bodies: string[] = [];
    const approve = approving();
    occ.handler = (req, res, body) => {
      bodies.push(body);
      approve(req, res, body);
    };
    const written = `mutation Big { addOrderPayments(input: { orderId: "o-1001", payments: [{ paymentMethodType: CARD, amount: "1.00", customProperties: { big: 12345678901234567890 }, card: { number: "${CARD.number}", cvv: "${CARD.cvv}", type: "visa", nameOnCard: "Kim", expiryMonth: 12, expiryYear: 2031 } }] }) { orderId } }`;
    const res = await gateway.gql(written, { occToken: AGENT });
    expect(res.body.errors).toBeUndefined();
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toContain('"big":12345678901234567890');
  });

  it('keeps keys per order: the same agent and key on another order is another payment', async () => {
    fresh();
    const key = randomUUID();
    await pay(key, payInput('o-1'));
    const other = await pay(key, payInput('o-2'));
    expect(other.body.errors).toBeUndefined();
    expect(occ.calls).toHaveLength(2);
  });

  it('does not store an error raised before any upstream call: the corrected retry with the same key runs', async () => {
    fresh();
    const key = randomUUID();
    const invalid = await pay(key, payInput('o-1001', '10.00', { ...CARD, cvv: '12' }));
    expect(invalid.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const unauthenticated = await gateway.gql(PAY, { variables: { input: payInput(), key } });
    expect(unauthenticated.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(occ.calls).toHaveLength(0);
    const fixed = await pay(key);
    expect(fixed.body.errors).toBeUndefined();
    expect(occ.calls).toHaveLength(1);
  });

  it('stores a definitive decline and replays it', async () => {
    fresh(declining);
    const key = randomUUID();
    const first = await pay(key);
    const again = await pay(key);
    expect(first.body.errors?.[0]?.extensions).toMatchObject({ code: 'PAYMENT_DECLINED', upstream: 'occ', upstreamCode: '51174' });
    expect(again.body.errors).toEqual(first.body.errors);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(occ.calls).toHaveLength(1);
  });

  it('stores an unknown outcome (timeout) and answers it again: never a second send', async () => {
    fresh(faults.hang());
    const key = randomUUID();
    const first = await pay(key);
    expect(first.body.errors?.[0]?.extensions).toMatchObject({ code: 'OUTCOME_UNKNOWN', upstream: 'occ', retryable: false });
    occ.handler = approving();
    const retry = await pay(key);
    expect(retry.body.errors).toEqual(first.body.errors);
    expect(occ.calls).toHaveLength(1);
  });

  it('does not store a failure known to precede the upstream (429): the retry with the same key runs', async () => {
    fresh(faults.json(429, { errorCode: '10001', message: 'busy', status: '429' }));
    const key = randomUUID();
    const busy = await pay(key);
    expect(busy.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true });
    occ.handler = approving();
    const retry = await pay(key);
    expect(retry.body.errors).toBeUndefined();
    expect(occ.calls).toHaveLength(2);
  });

  it('takes the key from the Idempotency-Key header for a single payment mutation', async () => {
    fresh();
    const key = randomUUID();
    const first = await pay(undefined, payInput(), { headers: { 'idempotency-key': `"${key}"` } });
    const second = await pay(undefined, payInput(), { headers: { 'idempotency-key': key } });
    expect(second.body.data).toEqual(first.body.data);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(occ.calls).toHaveLength(1);
  });

  it('refuses a header key of only spaces, quoted, as it refuses the argument, before any upstream call', async () => {
    fresh();
    const res = await pay(undefined, payInput(), { headers: { 'idempotency-key': '"   "' } });
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
    expect(occ.calls).toHaveLength(0);
  });

  it('refuses the header on an operation with two payment mutations, before any upstream call', async () => {
    fresh();
    const two = `mutation ($input: AddOrderPaymentsInput!) { a: addOrderPayments(input: $input) { orderId } b: addOrderPayments(input: $input) { orderId } }`;
    const res = await gateway.gql(two, { occToken: AGENT, variables: { input: payInput() }, headers: { 'idempotency-key': randomUUID() } });
    // The first refusal nulls the (non-null) result, so graphql-js stops there: the second is never run either.
    expect(res.body.data).toBeNull();
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' });
    expect(res.body.errors?.[0]?.message).toMatch(/exactly one payment mutation/);
    expect(occ.calls).toHaveLength(0);
  });

  it.each([
    ['empty', ''],
    ['all spaces', '   '],
    ['256 characters', 'k'.repeat(256)],
    ['non-ASCII', 'clé-ünïcode'],
    ['a control character', 'key\u0007'],
  ])('refuses a key that is %s with BAD_USER_INPUT, before any upstream call', async (_name, key) => {
    fresh();
    const res = await pay(key);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    expect(occ.calls).toHaveLength(0);
  });

  it('accepts a key of 255 printable characters', async () => {
    fresh();
    const res = await pay(`${randomUUID()} ~!@#$%^&*()`.padEnd(255, 'x'));
    expect(res.body.errors).toBeUndefined();
    expect(occ.calls).toHaveLength(1);
  });
});
