import { visit, type DocumentNode, type OperationDefinitionNode } from 'graphql';

/** The arguments the paged cost estimator reads; other argument values never change a cost. */
const COST_ARGUMENTS = new Set(['first', 'last']);
/** Distinct variable values remembered per operation; a client cycling through page sizes cannot grow it further. */
const MAX_COSTS_PER_OPERATION = 64;

interface Entry {
  /** Variables used in `first`/`last` or in a directive (`@skip`/`@include` change what is counted). */
  relevant: string[];
  costs: Map<string, number>;
}

export interface CostCache {
  get(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): number | undefined;
  set(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>, cost: number): void;
}

/**
 * Costs by operation and the values of the few variables that can change them. Apollo hands out the same parsed
 * document for the same query text, so a WeakMap on its operation node forgets it with the document store.
 */
export function createCostCache(): CostCache {
  const entries = new WeakMap<OperationDefinitionNode, Entry>();
  const entryFor = (document: DocumentNode, operation: OperationDefinitionNode) => {
    let entry = entries.get(operation);
    if (!entry) {
      entry = { relevant: costVariables(document), costs: new Map() };
      entries.set(operation, entry);
    }
    return entry;
  };
  // `-` for an absent variable: unlike null, it lets a default value apply.
  const keyOf = (entry: Entry, variables: Record<string, unknown>) =>
    entry.relevant.map((name) => (name in variables ? JSON.stringify(variables[name]) : '-')).join(',');
  return {
    get(document, operation, variables) {
      const entry = entryFor(document, operation);
      return entry.costs.get(keyOf(entry, variables));
    },
    set(document, operation, variables, cost) {
      const entry = entryFor(document, operation);
      if (entry.costs.size >= MAX_COSTS_PER_OPERATION) entry.costs.clear();
      entry.costs.set(keyOf(entry, variables), cost);
    },
  };
}

/** Whole document, fragments included: a fragment's `first: $n` counts for every operation that spreads it. */
function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  let depth = 0;
  visit(document, {
    Argument: {
      enter: (node) => void (COST_ARGUMENTS.has(node.name.value) && depth++),
      leave: (node) => void (COST_ARGUMENTS.has(node.name.value) && depth--),
    },
    Directive: { enter: () => void depth++, leave: () => void depth-- },
    Variable: (node) => void (depth > 0 && names.add(node.name.value)),
  });
  return [...names].sort();
}
