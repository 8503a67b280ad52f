import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { GatewayError, ErrorCode } from './gatewayError.ts';
import { INTROSPECTION_DISABLED_MESSAGE, isIntrospectionDisabled } from './introspectionDisabled.ts';
import { redactName } from '../observability/redact.ts';
import { operationLimitErrorIn } from '../limits/limitError.ts';
import { describeRequestError } from './requestErrorText.ts';

/** Codes graphql-js and Apollo Server raise themselves for bad requests; safe to show once values are removed. */
const REQUEST_ERROR_CODES = new Set<string>([
  ErrorCode.GRAPHQL_PARSE_FAILED,
  ErrorCode.GRAPHQL_VALIDATION_FAILED,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.BAD_REQUEST,
  ErrorCode.OPERATION_RESOLUTION_FAILURE,
  ErrorCode.OPERATION_LIMIT_EXCEEDED,
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

export const MASKED_MESSAGE = 'Unexpected error.';

/**
 * Apollo's formatError hook: gateway errors pass as they are, graphql-js request errors pass without the values
 * they echo (a mistyped card number must not come back), and anything else is masked as INTERNAL_SERVER_ERROR.
 * The masked original is logged by the error-logging plugin, which also adds the request id.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  // Limit refusals arrive wrapped by Apollo as parse/validation errors; they keep OPERATION_LIMIT_EXCEEDED.
  const original = operationLimitErrorIn(error) ?? unwrapResolverError(error);
  if (original instanceof GatewayError) {
    return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: { ...original.extensions } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code) && !hasForeignCause(error)) {
    const extensions: Record<string, unknown> = { code };
    // Message and field are rebuilt from the error's structure, never searched for in the text (values echo there).
    const { message, field } = describeRequestError(error, formatted.message, code);
    // Names in both are the caller's (variables, fields, aliases): card digits are masked as in any name.
    if (field !== undefined) extensions.field = redactName(field);
    const text = isIntrospectionDisabled(error) ? INTROSPECTION_DISABLED_MESSAGE : message;
    return { message: redactName(text), locations: formatted.locations, path: formatted.path, extensions };
  }
  return { message: MASKED_MESSAGE, locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

/** A request error that wraps some other thrown error (e.g. a scalar's parseValue bug) is not trusted. */
function hasForeignCause(error: unknown): boolean {
  const original = (error as { originalError?: unknown } | null)?.originalError;
  return original !== undefined && original !== null && !(original instanceof GatewayError) && !isCoercionError(original);
}

function isCoercionError(error: unknown): boolean {
  return error instanceof Error && error.name === 'GraphQLError';
}

/**
 * `formatError` as configured: with introspection off, a request error's " Did you mean …?" goes too (Apollo's
 * `hideSchemaDetailsFromClientErrors` covers validation errors only; a mistyped variable's enum value or input
 * field would still name the schema's).
 */
export function createFormatError(options: { hideSuggestions: boolean }): typeof formatError {
  if (!options.hideSuggestions) return formatError;
  return (formatted, error) => {
    const result = formatError(formatted, error);
    return { ...result, message: result.message.replace(/ Did you mean [\s\S]*\?$/, '') };
  };
}
