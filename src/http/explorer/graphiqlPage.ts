import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { ExplorerDemo } from './explorerDemo.ts';
import { withFreshKeys } from './freshKeys.ts';
import type { PreloadedOperations } from './preloadedOperations.ts';

export const GRAPHIQL_PATH = '/graphiql';
const ASSETS_PATH = `${GRAPHIQL_PATH}/assets/`;

const packageDir = (name: string) => dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));

/** The prebuilt browser files of the project's own npm dependencies: GraphiQL's UMD build needs React 18's. */
const ASSET_FILES: Record<string, { file: () => string; type: string }> = {
  'react.production.min.js': { file: () => join(packageDir('react'), 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.production.min.js': { file: () => join(packageDir('react-dom'), 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.min.js': { file: () => join(packageDir('graphiql'), 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.min.css': { file: () => join(packageDir('graphiql'), 'graphiql.min.css'), type: 'text/css' },
  'graphiqlInit.js': { file: () => fileURLToPath(new URL('./assets/graphiqlInit.js', import.meta.url)), type: 'text/javascript' },
};

/** Only the gateway itself: scripts, styles, fonts and requests from this origin (GraphiQL inlines its fonts). */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

interface LoadedAsset {
  body: Buffer;
  gzip: Buffer;
  /** Undefined for the page, which differs on every load (its fresh idempotency keys): never cached. */
  etag: string | undefined;
  type: string;
}

export type GraphiqlRoute = (req: IncomingMessage, res: ServerResponse, path: string) => boolean;

/**
 * GraphiQL at `/graphiql`, served entirely by the gateway, for machines that cannot reach Apollo's CDN. One tab per
 * preloaded operation, each with its variables and the demo headers. Files are read (and gzipped) on first use, so
 * start-up does not pay for them.
 */
export function createGraphiqlRoute(preloaded: PreloadedOperations, demo: ExplorerDemo, graphqlPath = '/graphql'): GraphiqlRoute {
  const headers = JSON.stringify(demo.headers, null, 2);
  const config = {
    endpoint: graphqlPath,
    tabs: preloaded.operations.map((op) => ({ query: op.document, variables: JSON.stringify(op.variables, null, 2), headers })),
  };
  const page = renderPage(config);
  const loaded = new Map<string, LoadedAsset>();

  return function serveGraphiql(req, res, path) {
    if (path === GRAPHIQL_PATH || path === `${GRAPHIQL_PATH}/`) {
      const body = Buffer.from(withFreshKeys(page));
      send(req, res, { body, gzip: gzipSync(body), etag: undefined, type: 'text/html; charset=utf-8' }, CSP);
      return true;
    }
    if (!path.startsWith(ASSETS_PATH)) return false;
    const name = path.slice(ASSETS_PATH.length);
    const source = Object.hasOwn(ASSET_FILES, name) ? ASSET_FILES[name] : undefined;
    if (source === undefined) return false;
    let asset = loaded.get(name);
    if (asset === undefined) {
      const body = readFileSync(source.file());
      asset = { body, gzip: gzipSync(body), etag: etagOf(body), type: `${source.type}; charset=utf-8` };
      loaded.set(name, asset);
    }
    send(req, res, asset);
    return true;
  };
}

function renderPage(config: unknown): string {
  // `<` escaped so no value can close the script element.
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  const asset = (name: string) => `${ASSETS_PATH}${name}`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Payments gateway · GraphiQL</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${asset('graphiql.min.css')}" />
    <style>body { margin: 0; } #graphiql { height: 100dvh; }</style>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script id="explorer-config" type="application/json">${json}</script>
    <script src="${asset('react.production.min.js')}"></script>
    <script src="${asset('react-dom.production.min.js')}"></script>
    <script src="${asset('graphiql.min.js')}"></script>
    <script src="${asset('graphiqlInit.js')}"></script>
  </body>
</html>
`;
}

function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
}

function send(req: IncomingMessage, res: ServerResponse, asset: LoadedAsset, csp?: string): void {
  res.setHeader('content-type', asset.type);
  if (asset.etag !== undefined) res.setHeader('etag', asset.etag);
  res.setHeader('cache-control', asset.etag === undefined ? 'no-store' : 'no-cache');
  res.setHeader('vary', 'Accept-Encoding');
  res.setHeader('x-content-type-options', 'nosniff');
  if (csp !== undefined) res.setHeader('content-security-policy', csp);
  if (asset.etag !== undefined && req.headers['if-none-match'] === asset.etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  if (gzip) res.setHeader('content-encoding', 'gzip');
  res.statusCode = 200;
  res.end(req.method === 'HEAD' ? undefined : gzip ? asset.gzip : asset.body);
}
