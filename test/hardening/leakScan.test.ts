import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLeakScanner, findLeakingLines } from '../helpers/leakScan.ts';
import { SECRETS } from './secrets.ts';

const ALL = Object.values(SECRETS);

/** An ordinary gateway log line as pino writes it, around a given request id. */
const logLine = (requestId: string, extra = '') =>
  `{"level":20,"time":"2026-12-01T10:48:29.602Z","requestId":"${requestId}","upstream":"commercetools","endpoint":"GET /me/payments","status":200,"ms":4829${extra},"msg":"upstream call"}`;

describe('the secret audit', () => {
  it('finds no secret in 100,000 log lines around random UUIDs, hashes and timings', () => {
    const scanner = createLeakScanner(ALL);
    const falsePositives: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const line = logLine(randomUUID(), `,"hash":"${randomBytes(32).toString('hex')}","traceId":"${randomBytes(16).toString('hex')}"`);
      if (scanner.find(line).length > 0) falsePositives.push(line);
    }
    expect(falsePositives).toEqual([]);
  });

  it('does not count the CVV and PIN inside the UUIDs that tripped it before', () => {
    expect(findLeakingLines([logLine('c81f2f21-5a44-4829-b7ee-9b06a2352ee7'), logLine('60291500-aaaa-4bbb-8ccc-0d0d0d602915')], ALL)).toEqual([]);
  });

  it('does not count a CVV that is a line number of a logged stack trace, but does count it beside one', () => {
    const frame = `at errorForCopy (/work/main/src/fastpath/siblingDedupe.ts:${SECRETS.cvv}:18)\\n    at node:internal/process/task_queues:${SECRETS.cvv}:5`;
    expect(findLeakingLines([logLine('x').replace('"msg"', `"stack":"${frame}","msg"`)], ALL)).toEqual([]);
    const leaking = logLine('x').replace('"msg"', `"stack":"${frame}","cvv":"${SECRETS.cvv}","msg"`);
    expect(findLeakingLines([leaking], ALL)).toEqual([leaking]);
  });

  const planted: Array<[string, string]> = [
    ['a CVV as a JSON string', `"cvv":"${SECRETS.cvv}"`],
    ['a CVV as a JSON number', `"cvv":${SECRETS.cvv}`],
    ['a CVV in message text', `"msg":"card refused, cvv ${SECRETS.cvv} wrong"`],
    ['a CVV in a query string', `"url":"/pay?cvv=${SECRETS.cvv}&x=1"`],
    ['a CVV under a field named like a timing is still found elsewhere in the line', `"ms":1,"err":"${SECRETS.cvv}"`],
    ['a PIN as a JSON number', `"pin":${SECRETS.pin}`],
    ['a PIN in message text', `"msg":"pin=${SECRETS.pin}"`],
    ['a card number inside a longer string', `"msg":"card x${SECRETS.cardNumber}y"`],
    ['a spaced card number', `"msg":"${SECRETS.cardNumberSpaced}"`],
    ['a card number inside a request id', `"requestId":"req-${SECRETS.cardNumber}"`],
    ['a gift card number', `"giftCardNumber":"${SECRETS.giftCardNumber}"`],
    ['a bearer token in a header', `"authorization":"Bearer ${SECRETS.token}"`],
  ];
  it.each(planted)('catches %s', (_name, fragment) => {
    const line = `{"level":30,"requestId":"${randomUUID()}",${fragment},"msg":"x"}`;
    expect(findLeakingLines([line], ALL)).toEqual([line]);
  });

  it('catches every secret, each planted alone', () => {
    for (const secret of ALL) {
      const line = `{"level":50,"requestId":"${randomUUID()}","msg":"value ${secret} refused"}`;
      expect(createLeakScanner(ALL).find(line)).toEqual([secret]);
    }
  });
});
