import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { postGraphql } from './helpers/graphqlClient.ts';
import { auditLogLines } from './helpers/suiteAudit.ts';

interface StartedMain {
  child: ChildProcessWithoutNullStreams;
  url: string;
  tokens: string[];
  output(): string;
}

/** `src/main.ts` as `npm start` runs it, once its banner with the demo headers is out. */
async function startMain(env: Record<string, string> = {}): Promise<StartedMain> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: '0', NODE_ENV: '', CTP_API_URL: '', OCC_BASE_URL: '', LOG_LEVEL: 'info', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner in time:\n${out}`)), 15_000);
    const check = () => {
      if (/ready at http/.test(out) && /\n\s*$/.test(out) && out.split('Authorization: Bearer').length > 2) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
  const url = /ready at (http:\/\/\S+\/graphql)/.exec(out)![1]!;
  const tokens = [...out.matchAll(/^Authorization: Bearer (\S+)$/gm)].map((m) => m[1]!);
  return { child, url, tokens, output: () => out };
}

/** SIGTERM, then the exit code and how long it took. */
async function stop(main: StartedMain): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  const exited = new Promise<number | null>((resolve) => main.child.once('exit', (code) => resolve(code)));
  main.child.kill('SIGTERM');
  const code = await exited;
  // Its JSON log lines join the suite's secret audit (the banner above them shows the demo tokens on purpose).
  auditLogLines(main.output().split('\n').filter((line) => line.startsWith('{')));
  return { code, ms: Date.now() - started };
}

/** `npm start` as a newcomer runs it: embedded emulators, a banner with ready-to-paste headers. */
describe('npm start', () => {
  it('starts the gateway with emulators and prints working demo credentials', async () => {
    const main = await startMain();
    try {
      expect(main.tokens).toHaveLength(2);
      const res = await postGraphql<{ myPayments: { totalCount: number } }>(main.url, '{ myPayments { totalCount } }', { token: main.tokens[0]! });
      expect(res.body.data!.myPayments.totalCount).toBeGreaterThan(0);

      const occLine = /^X-OCC-Authorization: Bearer (\S+)$/m.exec(main.output());
      expect(occLine).not.toBeNull();
      const order = await postGraphql<{ addOrderPayments: { amountRemaining: string } }>(
        main.url,
        'mutation { addOrderPayments(input: { orderId: "o80413", profileId: "170309", payments: [{ paymentMethodType: CASH, amount: "10.00" }], operation: INITIATE }) { amountRemaining } }',
        { headers: { 'x-occ-authorization': `Bearer ${occLine![1]}` } },
      );
      expect(order.body.errors).toBeUndefined();
      expect(order.body.data!.addOrderPayments.amountRemaining).toBe('80.00');

      // Log lines leave stdout in batches, yet a quiet gateway's operation lines show within about a second.
      const logged = Date.now();
      while (main.output().split('"msg":"graphql operation"').length < 3 && Date.now() - logged < 3000) await new Promise((r) => setTimeout(r, 50));
      expect(main.output().split('"msg":"graphql operation"').length - 1).toBe(2);
      expect(Date.now() - logged).toBeLessThan(2000);

      // Stops promptly and cleanly on SIGTERM, as a container orchestrator expects.
      const stopped = await stop(main);
      expect(stopped.code).toBe(0);
      expect(stopped.ms).toBeLessThan(3000);
    } finally {
      if (main.child.exitCode === null) main.child.kill('SIGKILL');
    }
  });

  it('stops cleanly on SIGTERM with its trace collector refusing connections or never answering', async () => {
    // Nothing listens on the refusing port; the hanging collector takes each export and never answers.
    const hanging = createServer((req) => req.resume());
    const refusing = createServer();
    await Promise.all([hanging, refusing].map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))));
    const urlOf = (server: typeof hanging) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const refusingUrl = urlOf(refusing);
    await new Promise<void>((resolve) => refusing.close(() => resolve()));
    try {
      for (const [collector, url] of [['refusing', refusingUrl], ['hanging', urlOf(hanging)]] as const) {
        // A batch delay past the test: the spans are still queued when the signal comes.
        const main = await startMain({ OTEL_EXPORTER_OTLP_ENDPOINT: url, OTEL_BSP_SCHEDULE_DELAY: '600000' });
        try {
          expect((await postGraphql(main.url, '{ myPayments { totalCount } }', { token: main.tokens[0]! })).body.errors).toBeUndefined();
          const stopped = await stop(main);
          expect({ collector, code: stopped.code }).toEqual({ collector, code: 0 });
          // The last spans get 2 s, not the exporter's 10 s.
          expect(stopped.ms).toBeGreaterThanOrEqual(1900);
          expect(stopped.ms).toBeLessThan(5000);
          // Refused connections are retried for the exporter's timeout too, so both end at the deadline.
          expect(main.output()).toMatch(/"failedSpans":4,"failedByReason":\{"shutdown deadline":4\}.*spans not delivered/);
        } finally {
          if (main.child.exitCode === null) main.child.kill('SIGKILL');
        }
      }
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });
});
