import { Kind, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';
import type { CostCheck } from '../limits/cost.ts';
import { OperationLimitError } from '../limits/limitError.ts';

/**
 * The cost estimator sees `_entities` as one field, whatever the number of representations. This adds the count
 * to the same check both engines run before execution: too many is OPERATION_LIMIT_EXCEEDED (HTTP 400) and
 * nothing goes upstream.
 */
export function withEntityLimit(costCheck: CostCheck, maxEntities: number): CostCheck {
  return (document, operation, variables) => {
    costCheck(document, operation, variables);
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    const count = countRepresentations(operation.selectionSet, fragments, variables, operation, new Set());
    if (count > maxEntities) throw new OperationLimitError(`${count} entity representations exceed the limit of ${maxEntities}.`);
  };
}

/** Root `_entities` fields, also inside fragments on Query (validation has already refused fragment cycles). */
function countRepresentations(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  operation: OperationDefinitionNode,
  seen: Set<string>,
): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) count += countRepresentations(selection.selectionSet, fragments, variables, operation, seen);
    else if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragments.get(selection.name.value);
      if (fragment !== undefined && !seen.has(fragment.name.value)) {
        seen.add(fragment.name.value);
        count += countRepresentations(fragment.selectionSet, fragments, variables, operation, seen);
      }
    } else if (selection.name.value === '_entities') {
      const argument = selection.arguments?.find((arg) => arg.name.value === 'representations');
      if (argument !== undefined) count += listLength(argument.value, variables, operation);
    }
  }
  return count;
}

/**
 * How many representations a value holds: a single one is coerced to a list of one, as GraphQL does, and a
 * variable not given takes its default (a literal of the document).
 */
function listLength(value: ValueNode, variables: Record<string, unknown>, operation: OperationDefinitionNode): number {
  if (value.kind === Kind.LIST) return value.values.length;
  if (value.kind === Kind.NULL) return 0;
  if (value.kind !== Kind.VARIABLE) return 1;
  const name = value.name.value;
  const given = variables[name];
  if (given === undefined) {
    const fallback = operation.variableDefinitions?.find((definition) => definition.variable.name.value === name)?.defaultValue;
    return fallback === undefined ? 0 : listLength(fallback, {}, operation);
  }
  if (given === null) return 0;
  return Array.isArray(given) ? given.length : 1;
}
