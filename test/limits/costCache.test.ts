import { parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createCostCache } from '../../src/limits/costCache.ts';

const doc = parse(`query Page($n: Int = 500, $id: ID, $full: Boolean!) {
  myPayments(first: $n) { nodes { id ...More @include(if: $full) } }
  myPayment(id: $id) { id }
}
fragment More on MyPayment { transactions { id } }`);
const op = doc.definitions[0] as OperationDefinitionNode;

describe('cost cache', () => {
  it('reuses a cost only for the same page sizes and directive values, whatever the other variables', () => {
    const cache = createCostCache();
    cache.set(doc, op, { n: 5, id: 'a', full: true }, 42);
    expect(cache.get(doc, op, { n: 5, id: 'b', full: true })).toBe(42);
    expect(cache.get(doc, op, { n: 500, id: 'a', full: true })).toBeUndefined();
    expect(cache.get(doc, op, { n: 5, id: 'a', full: false })).toBeUndefined();
  });

  it('tells an absent variable (its default applies) from an explicit null', () => {
    const cache = createCostCache();
    cache.set(doc, op, { n: null, full: true }, 7);
    expect(cache.get(doc, op, { full: true })).toBeUndefined();
    expect(cache.get(doc, op, { n: null, full: true })).toBe(7);
  });
});
