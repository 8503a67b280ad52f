import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.ts';
import { ErrorCode } from '../errors/gatewayError.ts';
import type { Logger } from './logger.ts';
import type { GatewayMetrics } from './metrics.ts';

/**
 * One log line per operation (request id, operation name, duration, error codes), the masked originals of
 * unexpected errors, and the request id on INTERNAL_SERVER_ERROR so support can find the log line.
 */
export function operationLogPlugin(logger: Logger, metrics?: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      const log = logger.child({ requestId: contextValue.requestId });
      let codes: string[] = [];
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const original = error.originalError;
            // No code = masked as INTERNAL_SERVER_ERROR: thrown errors and graphql-js' own (non-null, non-iterable).
            if (error.extensions?.code === undefined) log.error({ err: original ?? error, path: error.path }, 'unexpected error');
          }
        },
        async willSendResponse({ response, operationName }) {
          let outcome = 'success';
          if (response.body.kind === 'single') {
            const errors = response.body.singleResult.errors ?? [];
            codes = errors.map((error) => String(error.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR));
            for (const error of errors) {
              if (error.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR) {
                (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
              }
            }
            if (errors.length > 0) outcome = response.body.singleResult.data ? 'partial' : 'error';
          }
          if (metrics) {
            metrics.operations.inc({ operation: metrics.operationLabel(operationName), outcome });
            for (const code of codes) metrics.errors.inc({ code });
          }
          log.info(
            { operationName: operationName ?? null, ms: Math.round((performance.now() - started) * 100) / 100, errorCodes: codes },
            'graphql operation',
          );
        },
      };
    },
  };
}
