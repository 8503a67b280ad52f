import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { GatewayError, ErrorCode } from './gatewayError.ts';
import { INTROSPECTION_DISABLED_MESSAGE, isIntrospectionDisabled } from './introspectionDisabled.ts';
import { redactText } from '../observability/redact.ts';
import { operationLimitErrorIn } from '../limits/limitError.ts';

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
    const field = fieldFromMessage(formatted.message);
    if (field !== undefined) extensions.field = field;
    const message = isIntrospectionDisabled(error) ? INTROSPECTION_DISABLED_MESSAGE : withoutEchoedValues(formatted.message);
    return { message, locations: formatted.locations, path: formatted.path, extensions };
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
 * graphql-js quotes the offending value in coercion and validation messages
 * (`Variable "$input" got invalid value "4111…" at "input.card.number"; …`, `…cannot represent a non string value: 4111…`).
 * Values are cut out; type and path stay so the message still explains the problem.
 */
export function withoutEchoedValues(message: string): string {
  return redactText(
    message
      .replace(/got invalid value .*? at "/s, 'got invalid value at "')
      .replace(/got invalid value .*?;/s, 'got invalid value;')
      .replace(/(cannot represent[^:]*?value): .*?(;|$)/gs, '$1$2')
      .replace(/(Expected value of type "[^"]+"), found .*?(;|$)/gs, '$1$2')
      .replace(/(Int cannot represent non-integer value|Int cannot represent non 32-bit signed integer value): [^;]*/g, '$1')
      .replace(/(Enum "[^"]+" cannot represent[^:]*): [^;.]*/g, '$1')
      // `Value "536564" does not exist in "OrderPaymentMethodType" enum.`: a short gift card number is not card-like.
      .replace(/Value ".*?" does not exist in/gs, 'The value does not exist in'),
  );
}

function fieldFromMessage(message: string): string | undefined {
  return /at "([^"]+)"/.exec(message)?.[1] ?? /Variable "\$([^"]+)"/.exec(message)?.[1];
}
