import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Tests that check the compiled path itself (that it was used) or pin both engines themselves (the differential test): run once. */
const FAST_PATH_ONLY = ['test/fastpath/fastPath.test.ts', 'test/fastpath/compiledShapes.test.ts', 'test/fastpath/differential.test.ts'];

export default defineConfig({
  // Lives in test/ to keep the repository's top level to what it documents; paths stay relative to the root.
  root: fileURLToPath(new URL('..', import.meta.url)),
  // graphql ships CJS and ESM builds; Node (and so graphql-tools and Apollo) load the CJS one. Make code compiled by
  // vitest load the same one, or schema objects would come from two realms.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    globalSetup: ['test/globalSetup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // The whole suite once per engine (test/helpers/engine.ts): every behaviour is checked compiled and on Apollo.
    projects: [
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: ['test/bench/**', 'node_modules/**'], env: { FAST_PATH: 'on' } } },
      {
        extends: true,
        test: { name: 'apollo', include: ['test/**/*.test.ts'], exclude: ['test/bench/**', 'node_modules/**', ...FAST_PATH_ONLY], env: { FAST_PATH: 'off' } },
      },
    ],
  },
});
