import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * Refuses an operation whose root type the schema lacks (there are no subscriptions). graphql-js 16 validates
 * such a document and only fails while executing it, which Apollo reports as an internal error.
 */
export const rootOperationRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (context.getSchema().getRootType(node.operation) === undefined) {
      context.reportError(new GraphQLError(`This schema has no ${node.operation} operations.`, { nodes: node }));
    }
  },
});
