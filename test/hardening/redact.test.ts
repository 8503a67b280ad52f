import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { redactText, rememberedRedaction } from '../../src/observability/redact.ts';
import { passesLuhn } from '../../src/validation/card.ts';

/** A random Luhn-valid card number of `length` digits (the last digit is the check digit). */
function luhnValidPan(length: number): string {
  let body = String(randomInt(1, 10));
  while (body.length < length - 1) body += String(randomInt(0, 10));
  for (let check = 0; check < 10; check++) if (passesLuhn(body + check)) return body + check;
  throw new Error('unreachable: one check digit always fits');
}

/** How cards are printed: plain, groups of four (the last one shorter), Amex 4-6-5, Diners 4-6-4, 19 digits as 6-13. */
function layouts(pan: string): string[] {
  const fours = pan.match(/.{1,4}/g)!;
  const printed = [pan, fours.join(' '), fours.join('-')];
  const split = (sizes: number[], sep: string) => {
    let at = 0;
    return sizes.map((size) => pan.slice(at, (at += size))).join(sep);
  };
  for (const sep of [' ', '-']) {
    if (pan.length === 15) printed.push(split([4, 6, 5], sep));
    if (pan.length === 14) printed.push(split([4, 6, 4], sep));
    if (pan.length === 19) printed.push(split([6, 13], sep));
  }
  return printed;
}

/** Where a card number turns up in text that leaves the process: JSON strings, messages, escaped JSON, key=value. */
const contexts = [
  (pan: string) => `{"level":50,"number":"${pan}","msg":"x"}`,
  (pan: string) => `The card ${pan} was declined.`,
  (pan: string) => `{"msg":"Variable \\"$input\\" got invalid value \\"${pan}\\"; bad"}`,
  (pan: string) => `{"err":{"message":"line one\\n${pan}\\tnext"}}`,
  (pan: string) => `pan=${pan};cvv=737`,
  (pan: string) => `card:${pan}`,
  (pan: string) => `[${pan}, "x"]`,
  (pan: string) => `${pan} 2030`,
  (pan: string) => `order-${pan}`,
];

describe('redactText: card numbers', () => {
  it('masks every Luhn-valid card number of 12 to 19 digits, plain, spaced or dashed, wherever it stands', () => {
    const missed: string[] = [];
    let checked = 0;
    for (let length = 12; length <= 19; length++) {
      for (let n = 0; n < 40; n++) {
        const pan = luhnValidPan(length);
        for (const printed of layouts(pan)) {
          for (const context of contexts) {
            const text = context(printed);
            const out = redactText(text);
            checked++;
            // Neither as printed nor with separators taken out; at most the first six and last four remain (a year
            // right after a short card may be masked along with it, when the two together pass Luhn too).
            const masked = `${pan.slice(0, 6)}${'*'.repeat(length - 10)}${pan.slice(-4)}`;
            if (out.includes(printed) || out.replace(/[ -]/g, '').includes(pan) || (!text.includes(' 2030') && !out.includes(masked))) {
              missed.push(`${text} -> ${out}`);
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(8000);
    expect(missed.slice(0, 5)).toEqual([]);
  });

  it('masks two card numbers side by side, and the card in "card, then expiry year"', () => {
    expect(redactText('4111111111111111 5555555555554444')).toBe('411111******1111 555555******4444');
    expect(redactText('4111 1111 1111 1111 2030')).toBe('411111******1111 2030');
    expect(redactText('4111-1111-1111-1111 and 3782 822463 10005')).toBe('411111******1111 and 378282*****0005');
  });

  it('leaves alone what cannot be a card number: Luhn failures, mixed separators, odd groupings, too long runs', () => {
    const untouched = [
      '4111111111111112', // fails Luhn
      '4111 1111-1111 1111', // two kinds of separator
      '41111 111 11111 111', // not how cards are printed
      '41111111111111111111', // 20 digits
      '2026-12-01T10:38:02.123Z',
      '"ms":1234.56,"status":200',
    ];
    for (const text of untouched) expect(redactText(text)).toBe(text);
  });
});

describe('redactText: identifiers are not card numbers', () => {
  it('changes none of 100,000 random UUIDs, alone or on a log line', () => {
    const changed: string[] = [];
    for (let n = 0; n < 100_000; n++) {
      const id = randomUUID();
      const line = `{"level":30,"time":"2026-12-01T10:38:02.123Z","requestId":"${id}","msg":"graphql operation"}`;
      if (redactText(line) !== line || redactText(id) !== id) changed.push(id);
    }
    expect(changed.length, `changed, e.g. ${changed.slice(0, 3).join(', ')}`).toBe(0);
  });

  it('changes none of 20,000 random hex digests (trace ids, hashes)', () => {
    const changed: string[] = [];
    for (let n = 0; n < 20_000; n++) {
      const hex = randomBytes(n % 2 === 0 ? 16 : 32).toString('hex');
      if (redactText(`"traceId":"${hex}"`) !== `"traceId":"${hex}"`) changed.push(hex);
    }
    expect(changed.length, `changed, e.g. ${changed.slice(0, 3).join(', ')}`).toBe(0);
  });

  it('still masks bearer tokens', () => {
    expect(redactText('authorization: Bearer abc.def-123')).toBe('authorization: Bearer [REDACTED]');
  });
});

describe('rememberedRedaction: names seen again and again', () => {
  it('answers as redactText does, the first time and every time after, across more names than it keeps', () => {
    const safeName = rememberedRedaction();
    const names = Array.from({ length: 600 }, (_unused, n) => (n % 3 === 0 ? `Q${luhnValidPan(16)}` : `Orders${n}`));
    for (let pass = 0; pass < 3; pass++) {
      for (const name of names) expect(safeName(name)).toBe(redactText(name));
    }
    expect(safeName('Q4111111111111111')).toBe('Q411111******1111');
    // Past the remembered length, still redacted (every time).
    const long = `Q${'x'.repeat(200)}4111111111111111`;
    expect(safeName(long)).toBe(redactText(long));
    expect(safeName(long)).not.toContain('4111111111111111');
  });
});
