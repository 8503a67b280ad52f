import { GraphQLError } from 'graphql';
import { ErrorCode, GatewayError } from '../errors/gatewayError.ts';

/** An operation refused by a depth, alias, token, directive or cost limit, before anything is sent upstream. */
export class OperationLimitError extends GatewayError {
  constructor(message: string) {
    super(ErrorCode.OPERATION_LIMIT_EXCEEDED, message);
  }
}

/** graphql-js' own wording for `parseOptions.maxTokens`; it has no code of its own (pinned by test/hardening/limits.test.ts). */
const TOKEN_LIMIT = /Document contains more th(?:at|an) (\d+) tokens/;

/**
 * Apollo wraps parse and validation errors in its own classes, which overwrite `extensions.code`
 * (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED). This finds a limit refusal inside such a wrapper.
 */
export function operationLimitErrorIn(error: unknown): OperationLimitError | undefined {
  if (!(error instanceof GraphQLError)) return undefined;
  if (error instanceof OperationLimitError) return error;
  const inner = error.originalError;
  if (inner instanceof OperationLimitError) return inner;
  if (error.extensions.code === ErrorCode.GRAPHQL_PARSE_FAILED) {
    const limit = TOKEN_LIMIT.exec(inner?.message ?? error.message)?.[1];
    if (limit !== undefined) return new OperationLimitError(`Token limit of ${limit} exceeded.`);
  }
  return undefined;
}
