import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.ts';
import type { OperationRecorder } from './operationRecord.ts';

/**
 * One log line per operation (request id, operation name, duration, error codes), the masked originals of
 * unexpected errors, and the request id on INTERNAL_SERVER_ERROR so support can find the log line.
 * The work itself is in operationRecord.ts, shared with the fast path.
 */
export function operationLogPlugin(recorder: OperationRecorder): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      const { requestId } = contextValue;
      return {
        async didEncounterErrors({ errors }) {
          recorder.unexpectedErrors(requestId, errors);
        },
        async willSendResponse({ response, operationName, document, operation }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          // The log line carries the operation's trace ids (the fast path does the same).
          contextValue.trace?.finished(document, operation, result);
          recorder.finished(requestId, started, operationName, result, contextValue.trace?.ids);
        },
      };
    },
  };
}
