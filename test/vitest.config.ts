import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Lives in test/ to keep the repository's top level to what it documents; paths stay relative to the root.
  root: fileURLToPath(new URL('..', import.meta.url)),
  // graphql ships CJS and ESM builds; Node (and so graphql-tools and Apollo) load the CJS one. Make code compiled by
  // vitest load the same one, or schema objects would come from two realms.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/globalSetup.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
