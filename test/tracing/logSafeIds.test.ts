import { afterEach, describe, expect, it, vi } from 'vitest';
import { redactText } from '../../src/observability/redact.ts';
import { LogSafeIdGenerator } from '../../src/observability/tracing/logSafeIds.ts';

const word = (hex: number) => hex / 2 ** 32;

describe('trace ids the log line can carry unaltered', () => {
  afterEach(() => vi.restoreAllMocks());

  it('draws again when an id holds a card-like run of digits', () => {
    const random = vi.spyOn(Math, 'random');
    for (const value of [0x12345678, 0x90123456, 0xabcdefab, 0xcdefabcd]) random.mockReturnValueOnce(word(value));
    random.mockReturnValue(word(0xabcdef12));
    // 1234567890123456abcdefabcdefabcd holds a 16-digit run: today's log masking leaves hex ids alone, but any
    // card-number scanner on the way to the log store would not, so such an id is drawn again.
    const id = new LogSafeIdGenerator().generateTraceId();
    expect(id).toBe('abcdef12abcdef12abcdef12abcdef12');
    expect(random).toHaveBeenCalledTimes(8);
  });

  it('draws again when an id holds a run of more than 19 digits, which the log line masks too', () => {
    const random = vi.spyOn(Math, 'random');
    for (const value of [0x12345678, 0x90123456, 0x78901234, 0xabcdefab]) random.mockReturnValueOnce(word(value));
    random.mockReturnValue(word(0xabcdef12));
    expect(new LogSafeIdGenerator().generateTraceId()).toBe('abcdef12abcdef12abcdef12abcdef12');
  });

  it('never yields an id that redactText would change', () => {
    const ids = new LogSafeIdGenerator();
    for (let i = 0; i < 20_000; i++) {
      const traceId = ids.generateTraceId();
      const spanId = ids.generateSpanId();
      if (redactText(traceId) !== traceId || redactText(spanId) !== spanId) expect.fail(`${traceId} / ${spanId} would be masked`);
      if (/\d{12}/.test(traceId + '-' + spanId)) expect.fail(`${traceId} / ${spanId} holds 12 digits in a row, which the log line masks`);
    }
  });
});
