import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestIdFrom } from '../../src/http/requestId.ts';
import { redactText } from '../../src/observability/redact.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * The caller's x-request-id is echoed in the response, written on every log line and sent to commercetools as
 * X-Correlation-ID, none of which is redacted afterwards. An id that could hold a card number is replaced.
 */
const CARD_SHAPED = [
  '4111111111111111',
  '4111-1111-1111-1111',
  '4111.1111.1111.1111',
  'req-4111111111111111',
  'order:4111-1111-1111-1111:retry-2',
  '378282246310005',
  'x-5555555555554444-y',
  '6011000990139424',
  '12345678901234567890123', // 23 digits in one run: a card number could hide in it
];

describe('requestIdFrom', () => {
  it('refuses ids that could hold a card number, with any separator', () => {
    for (const id of CARD_SHAPED) expect(requestIdFrom(id), id).not.toBe(id);
  });

  it('keeps ordinary ids and almost every UUID a caller sends', () => {
    for (const id of ['req-abc-123', 'req-2026-12-01-17', 'a1b2c3', 'trace:42:7', '1701234567890']) expect(requestIdFrom(id)).toBe(id);
    let kept = 0;
    for (let n = 0; n < 10_000; n++) {
      const id = randomUUID();
      if (requestIdFrom(id) === id) kept++;
    }
    // Refused only when whole digit groups joined by dashes make a Luhn-valid 12-19 digit run (about 0.5%).
    expect(kept).toBeGreaterThan(9_850);
  });

  it('an id it keeps is one log redaction leaves whole, so its log lines can be found by it', () => {
    const idChar = fc.constantFrom(...'0123456789012345678901234567890123456789-._:ab'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: idChar, minLength: 1, maxLength: 40 }), (id) => {
        if (requestIdFrom(id) === id) expect(redactText(`"requestId":"${id}"`)).toBe(`"requestId":"${id}"`);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('x-request-id over HTTP', () => {
  let stack: TestStack;
  let token: string;
  beforeAll(async () => {
    stack = await startTestStack();
    token = (await stack.ct.createCustomerToken()).token;
  });
  afterAll(() => stack.close());

  it('a card-shaped id goes nowhere: not in the response header, not on a log line, not upstream', async () => {
    for (const id of CARD_SHAPED) {
      const before = stack.ct.requestCount;
      const res = await stack.gql('query Mine { myPayments(first: 1) { totalCount } }', { token, headers: { 'x-request-id': id } });
      expect(res.status).toBe(200);
      const echoed = res.headers.get('x-request-id');
      expect(echoed).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(stack.ct.requests.slice(before - stack.ct.requestCount).map((req) => req.headers['x-correlation-id'])).toEqual([echoed]);
    }
    const digits = CARD_SHAPED.map((id) => id.replace(/\D/g, ''));
    const seen = stack.logs.filter((line) => digits.some((d) => line.replace(/[-.:]/g, '').includes(d.slice(0, 12))));
    expect(seen).toEqual([]);
  });

  it('an ordinary id is kept, echoed, logged and sent upstream as it is', async () => {
    const res = await stack.gql('query Mine { myPayments(first: 1) { totalCount } }', { token, headers: { 'x-request-id': 'req-2026-12-01-17' } });
    expect(res.headers.get('x-request-id')).toBe('req-2026-12-01-17');
    expect(stack.ct.requests.at(-1)?.headers['x-correlation-id']).toBe('req-2026-12-01-17');
    expect(stack.logs.some((line) => line.includes('"requestId":"req-2026-12-01-17"'))).toBe(true);
  });
});
