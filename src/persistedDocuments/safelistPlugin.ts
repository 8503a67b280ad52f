import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { formatErrorsLikeApollo, type FormatError } from '../apolloParity/errors.ts';
import type { GatewayContext } from '../context.ts';
import { ErrorCode, GatewayError } from '../errors/gatewayError.ts';
import type { PersistedManifest } from './manifest.ts';

/**
 * With SAFELIST=enforce the document resolver refuses unknown documents before any engine runs. Request shapes it
 * does not read (odd JSON content types, a GET that asks for HTML where no landing page is installed) go straight
 * to Apollo; this backstop refuses them there too, by Apollo's own hash of the text, before execution. (A batch's
 * operations are each read like a request of their own.)
 */
export function safelistPlugin(manifest: PersistedManifest, formatError: FormatError): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async responseForOperation({ queryHash }) {
          if (queryHash !== undefined && manifest.has(queryHash)) return null;
          const error = new GatewayError(ErrorCode.QUERY_NOT_IN_SAFELIST, 'This document is not in the safelist of persisted documents.');
          return { http: { status: 400, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { errors: formatErrorsLikeApollo([error], formatError) } } };
        },
      };
    },
  };
}
