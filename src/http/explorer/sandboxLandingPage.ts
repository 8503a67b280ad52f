import type { ApolloServerPlugin, BaseContext, GraphQLServerContext } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { ExplorerDemo } from './explorerDemo.ts';
import type { PreloadedOperations } from './preloadedOperations.ts';
import { GRAPHIQL_PATH } from './graphiqlPage.ts';
import { withFreshKeys } from './freshKeys.ts';

/** Apollo's own offline notice, which the link to the offline explorer follows. */
const SANDBOX_FALLBACK = /(<p>Apollo Sandbox cannot be loaded[^<]*<\/p>)/;
const OFFLINE_LINK =
  `<p>Offline or in a locked-down network? <a href="${GRAPHIQL_PATH}">Open GraphiQL</a>, served by this gateway ` +
  'with the same headers and operations, and nothing loaded from outside.</p>';

/**
 * Apollo Sandbox on `GET /graphql` (outside production), preloaded: the demo headers and every shipped operation
 * with its variables in one document (Sandbox's initial state takes a single document). Sandbox itself comes from
 * Apollo's CDN; when it cannot, its page links to the gateway's own GraphiQL.
 */
export function sandboxLandingPagePlugin(preloaded: PreloadedOperations, demo: ExplorerDemo): ApolloServerPlugin<BaseContext> {
  const sandbox = ApolloServerPluginLandingPageLocalDefault({
    embed: { runTelemetry: false },
    document: preloaded.document,
    variables: preloaded.variables,
    headers: demo.headers,
    footer: false,
  });
  return {
    async serverWillStart(service: GraphQLServerContext) {
      const listener = await sandbox.serverWillStart?.(service);
      const render = listener?.renderLandingPage;
      if (render === undefined) throw new Error("Apollo's landing page plugin no longer renders a page");
      return {
        async renderLandingPage() {
          const page = await render.call(listener);
          const html = page.html;
          // Rendered on every load: each brings its own idempotency keys.
          return { html: async () => withFreshKeys(withOfflineLink(typeof html === 'string' ? html : await html())) };
        },
      };
    },
  };
}

/**
 * Sandbox's empty full-page container lies over Apollo's offline notice, so no link in it could be clicked: while it
 * is empty (its script did not load) it is hidden. The rule carries the page's own CSP nonce.
 */
export function withOfflineLink(html: string): string {
  const nonce = /nonce="?([0-9a-f]+)"?/.exec(html)?.[1];
  const unblock = nonce === undefined ? '' : `\n<style nonce="${nonce}">#embeddableSandbox:empty { display: none; }</style>`;
  return SANDBOX_FALLBACK.test(html)
    ? html.replace(SANDBOX_FALLBACK, `$1\n  ${OFFLINE_LINK}${unblock}`)
    : html.replace('<body>', `<body>\n${OFFLINE_LINK}${unblock}`);
}
