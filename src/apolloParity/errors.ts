import { GraphQLError, Kind, getVariableValues, type GraphQLFormattedError, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { ErrorCode } from '../errors/gatewayError.ts';

export type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/**
 * What Apollo Server 5 does to errors before they are sent (errorNormalize.ts `normalizeAndFormatErrors` with
 * stack traces off): default the code to INTERNAL_SERVER_ERROR, then the server's formatError; a throwing
 * formatError yields Apollo's own fallback. The fast path must answer byte for byte as Apollo does.
 */
export function formatErrorsLikeApollo(errors: readonly GraphQLError[], formatError: FormatError): GraphQLFormattedError[] {
  return errors.map((error) => {
    try {
      const extensions = { ...error.extensions, code: error.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR };
      return formatError({ ...error.toJSON(), extensions }, error);
    } catch {
      return { message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
    }
  });
}

/** Apollo's `isBadUserInputGraphQLError` + `UserInputError`: variable coercion errors become BAD_USER_INPUT. */
export function asUserInputError(error: GraphQLError): GraphQLError {
  const node = error.nodes?.length === 1 ? error.nodes[0] : undefined;
  if (node?.kind !== Kind.VARIABLE_DEFINITION || error.extensions?.code != null) return error;
  const prefix = `Variable "$${node.variable.name.value}" `;
  const kinds = ['has invalid value', 'got invalid value ', 'of required type ', 'of non-null type '];
  if (!kinds.some((kind) => error.message.startsWith(prefix + kind))) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    originalError: error.originalError ?? error,
    extensions: { ...error.extensions, code: ErrorCode.BAD_USER_INPUT },
  });
}

/**
 * graphql-jit builds its own GraphQLError look-alikes, whose `extensions` may be undefined (graphql-js always sets
 * an object, and formatError relies on it). Rebuilt as graphql-js errors with the same message, locations and path.
 */
export function asGraphqlJsError(error: GraphQLError): GraphQLError {
  if (error.extensions !== undefined) return error;
  const rebuilt = new GraphQLError(error.message, { path: error.path, originalError: error.originalError });
  (rebuilt as { locations: GraphQLError['locations'] }).locations = error.locations;
  return rebuilt;
}

/**
 * Variables refused before execution, as Apollo reports them (HTTP 400): in graphql-js' own words (graphql-jit
 * words them differently), each a BAD_USER_INPUT. `compiledErrors` stand in only if graphql-js finds nothing.
 */
export function variableErrorsLikeApollo(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  compiledErrors: readonly GraphQLError[],
): GraphQLError[] {
  const coercion = getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors;
  return (coercion ?? compiledErrors.map(asGraphqlJsError)).map(asUserInputError);
}
