import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type DocumentNode, type FieldNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { GatewayContext } from '../context.ts';
import { requiredVariablesWithDefaults, variablesInScalarLiterals } from './jitLiterals.ts';
import { variablesReachOneOf } from './oneOfVariables.ts';
import { planSiblingDedupe, type SiblingDedupe } from './siblingDedupe.ts';

/** A document Apollo has parsed, validated (limits included) and resolved, compiled for the fast path. */
export interface CompiledOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** Compiled from `siblings.document` when identical root fields are executed once (see siblingDedupe.ts). */
  compiled: CompiledQuery;
  siblings: SiblingDedupe | undefined;
  /** Variables graphql-js must coerce first: graphql-jit skips the `@oneOf` rule (see oneOfVariables.ts). */
  checkVariablesFirst: boolean;
  /** Non-null variables with a default: a request without one of them is Apollo's (see jitLiterals.ts). */
  requiredWithDefaults: readonly string[];
}

export interface CompiledCache {
  /**
   * By the document's SHA-256 (hex) when the request names it (APQ, persisted documents), else by its exact text:
   * the hash is Apollo's `queryHash` and the APQ key, so a hash another instance registered is found once this
   * instance's Apollo has run its document one time. Whether a hash sent alone is still in the APQ cache is the
   * fast path's to ask (fastPath.ts), every time, as Apollo does.
   */
  get(request: { query: string | undefined; hash: string | undefined; operationName: string | undefined }): CompiledOperation | undefined;
  /** Records the documents Apollo let through to execution: they passed parse, validation and the limits. */
  readonly plugin: ApolloServerPlugin<GatewayContext>;
}

// Introspection stays with Apollo (its rules decide whether it is allowed); `__typename` is fine.
const INTROSPECTION = /__schema\b|__type\b/;
/** Keys hold the whole query text; comments and whitespace are free of tokens, so texts are capped here (1,000 × 32 KB). */
const MAX_QUERY_LENGTH = 32_768;

/** An LRU by document hash and requested operation name, plus the hash of each known text; Maps keep insertion order. */
export function createCompiledCache(schema: GraphQLSchema, maxEntries = 1000): CompiledCache {
  const entries = new Map<string, CompiledOperation>();
  const hashByText = new Map<string, string>();
  /** Documents the fast path leaves to Apollo for good (see jitLiterals.ts). */
  const declined = new Set<string>();
  const keyOf = (hash: string, operationName: string | undefined) => (operationName === undefined ? hash : `${operationName}\u0000${hash}`);
  return {
    get({ query, hash, operationName }) {
      const known = hash ?? (query === undefined ? undefined : hashByText.get(query));
      if (known === undefined) return undefined;
      const key = keyOf(known, operationName);
      const entry = entries.get(key);
      if (entry !== undefined) {
        entries.delete(key);
        entries.set(key, entry);
      }
      return entry;
    },
    plugin: {
      async requestDidStart() {
        return {
          async executionDidStart({ request, source, queryHash, document, operation }) {
            if (source.length > MAX_QUERY_LENGTH || operation === undefined || operation.operation === 'subscription' || INTROSPECTION.test(source)) return;
            // graphql-js runs mutation fields one by one and stops at the first that fails non-null: only single-field
            // ones here (a `__typename` beside it, as codegen's manifest documents carry, cannot fail).
            if (operation.operation === 'mutation' && !isSingleMutation(operation)) return;
            const key = keyOf(queryHash, request.operationName ?? undefined);
            if (!entries.has(key)) {
              if (declined.has(key)) return;
              if (variablesInScalarLiterals(schema, document)) {
                // Remembered: Apollo serves it every time, and the document need not be walked again.
                makeRoom(declined, maxEntries);
                declined.add(key);
                return;
              }
              const siblings = planSiblingDedupe(document, operation);
              const compiled = compileQuery(schema, siblings?.document ?? document, request.operationName ?? undefined);
              if (!isCompiledQuery(compiled)) return;
              makeRoom(entries, maxEntries);
              entries.set(key, { document, operation, compiled, siblings, checkVariablesFirst: variablesReachOneOf(schema, operation), requiredWithDefaults: requiredVariablesWithDefaults(operation) });
            }
            if (!hashByText.has(source)) {
              makeRoom(hashByText, maxEntries);
              hashByText.set(source, queryHash);
            }
          },
        };
      },
    },
  };
}

function isSingleMutation(operation: OperationDefinitionNode): boolean {
  const selections = operation.selectionSet.selections;
  return selections.every((selection) => selection.kind === Kind.FIELD) && selections.filter((selection) => (selection as FieldNode).name.value !== '__typename').length === 1;
}

/** Drops the oldest entry of a full LRU (Maps and Sets keep insertion order). */
function makeRoom(collection: Map<string, unknown> | Set<string>, max: number): void {
  if (collection.size >= max) collection.delete(collection.keys().next().value as string);
}
