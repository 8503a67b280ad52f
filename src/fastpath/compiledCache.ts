import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { GatewayContext } from '../context.ts';
import { planSiblingDedupe, type SiblingDedupe } from './siblingDedupe.ts';

/** A document Apollo has parsed, validated (limits included) and resolved, compiled for the fast path. */
export interface CompiledOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** Compiled from `siblings.document` when identical root fields are executed once (see siblingDedupe.ts). */
  compiled: CompiledQuery;
  siblings: SiblingDedupe | undefined;
}

export interface CompiledCache {
  get(query: string, operationName: string | undefined): CompiledOperation | undefined;
  /** Records the documents Apollo let through to execution: they passed parse, validation and the limits. */
  readonly plugin: ApolloServerPlugin<GatewayContext>;
}

// Introspection stays with Apollo (its rules decide whether it is allowed); `__typename` is fine.
const INTROSPECTION = /__schema\b|__type\b/;
/** Keys hold the whole query text; comments and whitespace are free of tokens, so texts are capped here (1,000 × 32 KB). */
const MAX_QUERY_LENGTH = 32_768;

/** An LRU by exact query text and requested operation name; a Map keeps insertion order. */
export function createCompiledCache(schema: GraphQLSchema, maxEntries = 1000): CompiledCache {
  const entries = new Map<string, CompiledOperation>();
  const keyOf = (query: string, operationName: string | undefined) => (operationName === undefined ? query : `${operationName}\u0000${query}`);
  return {
    get(query, operationName) {
      const key = keyOf(query, operationName);
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
          async executionDidStart({ request, document, operation }) {
            const query = request.query;
            if (typeof query !== 'string' || query.length > MAX_QUERY_LENGTH || operation === undefined || operation.operation === 'subscription' || INTROSPECTION.test(query)) return;
            const key = keyOf(query, request.operationName ?? undefined);
            if (entries.has(key)) return;
            const siblings = planSiblingDedupe(document, operation);
            const compiled = compileQuery(schema, siblings?.document ?? document, request.operationName ?? undefined);
            if (!isCompiledQuery(compiled)) return;
            if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
            entries.set(key, { document, operation, compiled, siblings });
          },
        };
      },
    },
  };
}
