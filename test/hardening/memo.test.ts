import { describe, expect, it } from 'vitest';
import { ownCopy, remembered } from '../../src/memo.ts';

describe('remembered', () => {
  it('computes each key once, answers the same after, and keeps at most 256 keys', () => {
    const memo = new Map<string, number>();
    let computed = 0;
    const square = (n: number) => remembered(memo, String(n), () => (computed++, n * n));
    expect([square(3), square(3), square(4)]).toEqual([9, 9, 16]);
    expect(computed).toBe(2);
    for (let n = 0; n < 1000; n++) expect(square(n)).toBe(n * n);
    expect(memo.size).toBeLessThanOrEqual(256);
  });

  it('keys its entries by equal strings, lone surrogates included', () => {
    for (const text of ['plain', 'Ünïcödé', 'a\uD800b', '\uDFFF', '']) expect(ownCopy(text)).toBe(text);
    const memo = new Map<string, string>();
    remembered(memo, 'x\uD800y', () => 'value');
    expect(memo.get('x\uD800y')).toBe('value');
  });
});
