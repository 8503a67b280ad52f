import type { ApolloServerPlugin } from '@apollo/server';

/**
 * What Apollo's default cache-control plugin answers for a schema without `@cacheControl` hints
 * (`cache-control: no-store`), without its per-field `willResolveField` hook, which wraps every resolver.
 * Installed together with `ApolloServerPluginCacheControlDisabled()`.
 */
export function noStorePlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          // Apollo's plugin also leaves a header it cannot parse alone, and replaces any other with no-store.
          const existing = response.http.headers.get('cache-control');
          if (existing === undefined || /^max-age=\d+, (public|private)$|^no-store$/.test(existing)) {
            response.http.headers.set('cache-control', 'no-store');
          }
        },
      };
    },
  };
}
