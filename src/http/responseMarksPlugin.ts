import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.ts';
import { asksToRetry, extensionsFromMarks, headersFromMarks, replayedWhole, statusFromMarks } from './responseMarks.ts';

/** Applies the context's response marks to Apollo's answer (the fast path applies the same marks itself). */
export function responseMarksPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const marks = contextValue.response;
          for (const [name, value] of headersFromMarks(marks)) response.http.headers.set(name, value);
          if (asksToRetry(marks)) response.http.status = statusFromMarks(marks, response.http.status ?? 200, contextValue.upstreamCalls.dispatched);
          if (response.body.kind === 'single' && replayedWhole(marks)) {
            const result = response.body.singleResult;
            result.extensions = extensionsFromMarks(marks, result.extensions);
          }
        },
      };
    },
  };
}
