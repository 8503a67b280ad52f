import {
  GraphQLError,
  Kind,
  getLocation,
  print,
  visit,
  type ASTNode,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type OperationDefinitionNode,
  type SourceLocation,
} from 'graphql';
import { threwSynchronously } from './syncThrows.ts';

/** A root field answered by copying an identical sibling's result. */
interface Copy {
  name: string;
  from: string;
  /** The executed field and this one: same shape, so their nodes pair up one to one (for error locations). */
  executedField: FieldNode;
  field: FieldNode;
}

export interface SiblingDedupe {
  /** The operation with each group of identical root fields reduced to its first member. */
  document: DocumentNode;
  /** Root response names in document order: the order the answer's `data` keys must keep. */
  order: string[];
  copies: Map<string, Copy>;
}

/**
 * In a query, root fields that differ only by alias (same name, arguments, selections; no directives) resolve to
 * the same value, so executing each is pure overhead: 100 aliases of one payment cost 100 resolver calls, promises
 * and leaf serialisations for one answer. They are executed once and copied, errors included (path and locations
 * rewritten to each alias). Mutations never: each of their fields is a side effect. Undefined: nothing to share.
 */
export function planSiblingDedupe(document: DocumentNode, operation: OperationDefinitionNode): SiblingDedupe | undefined {
  if (operation.operation !== 'query') return undefined;
  const fields: FieldNode[] = [];
  for (const selection of operation.selectionSet.selections) {
    // Fragments at the root could merge into a field of the same name: leave such operations alone.
    if (selection.kind !== Kind.FIELD) return undefined;
    fields.push(selection);
  }
  const names = fields.map((field) => (field.alias ?? field.name).value);
  // A repeated response name is merged by the executor, not a sibling.
  if (new Set(names).size !== names.length) return undefined;

  const firstByShape = new Map<string, FieldNode>();
  const kept: FieldNode[] = [];
  const copies = new Map<string, Copy>();
  fields.forEach((field, index) => {
    const name = names[index]!;
    if (field.directives !== undefined && field.directives.length > 0) return void kept.push(field);
    const shape = print({ ...field, alias: undefined });
    const first = firstByShape.get(shape);
    if (first === undefined) {
      firstByShape.set(shape, field);
      kept.push(field);
    } else {
      copies.set(name, { name, from: (first.alias ?? first.name).value, executedField: first, field });
    }
  });
  if (copies.size === 0) return undefined;

  const reduced: OperationDefinitionNode = { ...operation, selectionSet: { ...operation.selectionSet, selections: kept } };
  return {
    document: { ...document, definitions: document.definitions.map((definition) => (definition === operation ? reduced : definition)) },
    order: names,
    copies,
  };
}

/** The reduced operation's result as the whole operation's: copied fields in document order, errors per alias. */
export function expandSiblings(plan: SiblingDedupe, result: ExecutionResult): ExecutionResult {
  // Null data: a non-null root field failed, and graphql-js then reports the error that nulled it, not its copies.
  if (result.data == null) return result;
  const data = expandData(plan, result.data);
  if (result.errors === undefined || result.errors.length === 0) return { ...result, data };
  return { ...result, data, errors: expandErrors(plan, result.errors) };
}

function expandData(plan: SiblingDedupe, data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of plan.order) {
    const source = plan.copies.get(name)?.from ?? name;
    // Absent only for a field skipped by @skip/@include, which is never copied.
    if (source in data) out[name] = data[source];
  }
  return out;
}

/**
 * The errors in graphql-js's order, had every alias run: first those thrown synchronously (a refused argument),
 * in field order, copies at their own alias's place; then the others as executed, and each copy's after them in
 * document order (a copy is what DataLoader would answer from its cache, which settles after the first loads).
 */
function expandErrors(plan: SiblingDedupe, errors: readonly GraphQLError[]): GraphQLError[] {
  const position = new Map(plan.order.map((name, index) => [name, index]));
  const atOnce: Array<{ at: number; error: GraphQLError }> = [];
  const later: GraphQLError[] = [];
  for (const error of errors) {
    if (threwSynchronously(error)) atOnce.push({ at: position.get(String(error.path?.[0])) ?? Infinity, error });
    else later.push(error);
  }
  const laterCopies: GraphQLError[] = [];
  for (const copy of plan.copies.values()) {
    for (const error of errors) {
      if (error.path?.[0] !== copy.from) continue;
      if (threwSynchronously(error)) atOnce.push({ at: position.get(copy.name)!, error: errorForCopy(error, copy) });
      else laterCopies.push(errorForCopy(error, copy));
    }
  }
  // Stable: an alias's own errors keep their order.
  atOnce.sort((x, y) => x.at - y.at);
  return [...atOnce.map((entry) => entry.error), ...later, ...laterCopies];
}

function errorForCopy(error: GraphQLError, copy: Copy): GraphQLError {
  const locations = locationMap(copy);
  const copied = new GraphQLError(error.message, {
    path: [copy.name, ...(error.path ?? []).slice(1)],
    originalError: error.originalError,
    ...(error.extensions === undefined ? {} : { extensions: error.extensions }),
  });
  // graphql-jit's errors carry locations without AST nodes; so do the copies, moved to the copy's own nodes.
  const mapped = error.locations?.map((location) => locations.get(key(location)) ?? location);
  (copied as { locations: GraphQLError['locations'] }).locations = mapped;
  return copied;
}

/** Location of each node of the executed field → the same node's location in the copy. */
function locationMap(copy: Copy): Map<string, SourceLocation> {
  const executed = nodeLocations(copy.executedField);
  const own = nodeLocations(copy.field);
  const map = new Map<string, SourceLocation>();
  executed.forEach((location, index) => {
    const target = own[index];
    if (target !== undefined) map.set(key(location), target);
  });
  return map;
}

function nodeLocations(root: ASTNode): SourceLocation[] {
  const locations: SourceLocation[] = [];
  visit(root, {
    enter(node) {
      // The alias is the one part that differs; the field's own location is its start, alias included.
      if (node.kind === Kind.NAME && node === (root as FieldNode).alias) return;
      if (node.loc !== undefined) locations.push(getLocation(node.loc.source, node.loc.start));
    },
  });
  return locations;
}

const key = (location: SourceLocation) => `${location.line}:${location.column}`;
