/**
 * The engine under test. test/vitest.config.ts runs the whole suite twice, as project `fast` (FAST_PATH=on: known
 * documents run compiled) and project `apollo` (FAST_PATH=off: Apollo's pipeline only); every helper that starts a
 * gateway passes this on, and a test's own `env` may still pin one engine.
 */
export const FAST_PATH: 'on' | 'off' = process.env.FAST_PATH === 'off' ? 'off' : 'on';

export const engineEnv: Record<string, string> = { FAST_PATH };
