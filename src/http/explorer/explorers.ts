import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { PLACEHOLDER_DEMO, type ExplorerDemo } from './explorerDemo.ts';
import { createGraphiqlRoute } from './graphiqlPage.ts';
import { loadPreloadedOperations } from './preloadedOperations.ts';
import { sandboxLandingPagePlugin } from './sandboxLandingPage.ts';

export interface Explorers {
  /** Apollo's landing page: preloaded Sandbox outside production, none in production. */
  landingPagePlugin: ApolloServerPlugin<BaseContext>;
  /** Answers the explorer paths (`/`, `/graphiql`, a browser on `/graphql` in production); false for anything else. */
  route(req: IncomingMessage, res: ServerResponse, path: string): boolean;
}

const PRODUCTION_BROWSER_TEXT = `This is the payments GraphQL API.

Send operations as POST requests with a JSON body and the header "Content-Type: application/json", e.g.
  {"query": "query MyPayments { myPayments(first: 5) { totalCount } }"}
with the shopper's "Authorization: Bearer <token>" (and "X-OCC-Authorization: Bearer <token>" for Oracle Commerce).

The in-browser explorers (Apollo Sandbox on /graphql, GraphiQL on /graphiql) are turned off in production.
Run the gateway without NODE_ENV=production to use them.
`;

/** Outside production: Sandbox on `/graphql`, GraphiQL on `/graphiql`, `/` leading there. In production: neither. */
export function createExplorers(production: boolean, demo: ExplorerDemo = PLACEHOLDER_DEMO): Explorers {
  if (production) {
    return {
      landingPagePlugin: ApolloServerPluginLandingPageDisabled(),
      route(req, res, path) {
        if (path !== '/graphql' || !isBrowserPageRequest(req)) return false;
        // A person opened the URL: explain, rather than show Apollo's CSRF refusal meant for scripts.
        res.statusCode = 200;
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.end(PRODUCTION_BROWSER_TEXT);
        return true;
      },
    };
  }
  const preloaded = loadPreloadedOperations(demo);
  const graphiql = createGraphiqlRoute(preloaded, demo);
  return {
    landingPagePlugin: sandboxLandingPagePlugin(preloaded, demo),
    route(req, res, path) {
      if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
        res.statusCode = 302;
        res.setHeader('location', '/graphql');
        res.end();
        return true;
      }
      return (req.method === 'GET' || req.method === 'HEAD') && graphiql(req, res, path);
    },
  };
}

function isBrowserPageRequest(req: IncomingMessage): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && (req.headers.accept ?? '').includes('text/html');
}
