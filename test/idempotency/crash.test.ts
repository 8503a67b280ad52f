import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayAgainst, type GatewayUnderTest } from '../helpers/gatewayAgainst.ts';
import { postGraphql } from '../helpers/graphqlClient.ts';
import { faults, startStubUpstream, type StubUpstream } from '../helpers/stubUpstream.ts';
import { redisEnv } from '../helpers/testRedis.ts';
import { PAY, payInput } from './occStub.ts';

const DEADLINE_MS = 1500;
const MARGIN_MS = 500;

/** An instance killed mid-payment (SIGKILL: no drain, no cleanup) leaves its claim; the others never re-send. */
describe('a gateway that dies in the middle of a keyed payment', () => {
  let occ: StubUpstream;
  let survivor: GatewayUnderTest;
  const env = { ...redisEnv(), UPSTREAM_TIMEOUT_MS: String(DEADLINE_MS), IDEMPOTENCY_IN_FLIGHT_MARGIN_MS: String(MARGIN_MS) };

  beforeAll(async () => {
    occ = await startStubUpstream(faults.hang());
    survivor = await startGatewayAgainst({ occBaseUrl: occ.url }, env);
  });
  afterAll(async () => {
    await survivor.close();
    await occ.close();
  });

  it('keeps the key in use until the deadline plus margin, then answers OUTCOME_UNKNOWN, with one upstream call in all', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, ...env, PORT: '0', NODE_ENV: '', LOG_LEVEL: 'warn', CTP_API_URL: occ.url, OCC_BASE_URL: occ.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await bannerUrl(child.stdout);
      const key = randomUUID();
      const variables = { input: payInput(), key };
      void postGraphql(url, PAY, { occToken: 'agent-1', variables }).catch(() => undefined);
      const deadline = performance.now() + 5000;
      while (occ.calls.length === 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(occ.calls).toHaveLength(1);
      const claimedAt = Date.now();
      child.kill('SIGKILL');

      const during = await survivor.gql(PAY, { occToken: 'agent-1', variables });
      expect(during.body.errors?.[0]?.extensions).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_USE' });

      await new Promise((r) => setTimeout(r, Math.max(0, claimedAt + DEADLINE_MS + MARGIN_MS + 200 - Date.now())));
      const after = await survivor.gql(PAY, { occToken: 'agent-1', variables });
      expect(after.body.errors?.[0]?.extensions).toMatchObject({ code: 'OUTCOME_UNKNOWN', upstream: 'occ', retryable: false });
      expect(after.body.errors?.[0]?.message).toMatch(/never finished; it may or may not have been applied/);
      expect(occ.calls).toHaveLength(1);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30_000);
});

function bannerUrl(stdout: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no banner in time:\n${out}`)), 15_000);
    stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ready at (http:\/\/\S+\/graphql)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
}
