import { defaultFieldResolver, type GraphQLError, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';

/** Errors a root resolver threw before returning, rather than as a rejected promise. */
const thrownSynchronously = new WeakSet<object>();

/**
 * Marks what Query fields throw synchronously (an argument refused before any upstream call). graphql-js reports
 * such errors at once, in field order, before any that settle later: the fast path needs to know which they are to
 * put the errors of fields it executed once for several aliases where graphql-js would (siblingDedupe.ts).
 */
export function markSyncThrows(schema: GraphQLSchema): void {
  for (const field of Object.values(schema.getQueryType()?.getFields() ?? {})) {
    const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args, context, info) => {
      try {
        return resolve(source, args, context, info);
      } catch (error) {
        if (typeof error === 'object' && error !== null) thrownSynchronously.add(error);
        throw error;
      }
    };
  }
}

export function threwSynchronously(error: GraphQLError): boolean {
  return thrownSynchronously.has(error.originalError ?? error);
}
