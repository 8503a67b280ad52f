import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { postGraphql } from './helpers/graphqlClient.ts';
import { auditLogLines } from './helpers/suiteAudit.ts';

/** `npm start` as a newcomer runs it: embedded emulators, a banner with ready-to-paste headers. */
describe('npm start', () => {
  it('starts the gateway with emulators and prints working demo credentials', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PORT: '0', NODE_ENV: '', CTP_API_URL: '', OCC_BASE_URL: '', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner in time:\n${out}`)), 15_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (/ready at http/.test(out) && /\n\s*$/.test(out) && out.split('Authorization: Bearer').length > 2) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
      });
      const url = /ready at (http:\/\/\S+\/graphql)/.exec(out)![1]!;
      const tokens = [...out.matchAll(/^Authorization: Bearer (\S+)$/gm)].map((m) => m[1]!);
      expect(tokens).toHaveLength(2);
      const res = await postGraphql<{ myPayments: { totalCount: number } }>(url, '{ myPayments { totalCount } }', { token: tokens[0]! });
      expect(res.body.data!.myPayments.totalCount).toBeGreaterThan(0);

      const occLine = /^X-OCC-Authorization: Bearer (\S+)$/m.exec(out);
      expect(occLine).not.toBeNull();
      const order = await postGraphql<{ addOrderPayments: { amountRemaining: string } }>(
        url,
        'mutation { addOrderPayments(input: { orderId: "o80413", profileId: "170309", payments: [{ paymentMethodType: CASH, amount: "10.00" }], operation: INITIATE }) { amountRemaining } }',
        { headers: { 'x-occ-authorization': `Bearer ${occLine![1]}` } },
      );
      expect(order.body.errors).toBeUndefined();
      expect(order.body.data!.addOrderPayments.amountRemaining).toBe('80.00');

      // Log lines leave stdout in batches, yet a quiet gateway's operation lines show within about a second.
      const logged = Date.now();
      while (out.split('"msg":"graphql operation"').length < 3 && Date.now() - logged < 3000) await new Promise((r) => setTimeout(r, 50));
      expect(out.split('"msg":"graphql operation"').length - 1).toBe(2);
      expect(Date.now() - logged).toBeLessThan(2000);

      // Stops promptly and cleanly on SIGTERM, as a container orchestrator expects.
      const started = Date.now();
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(Date.now() - started).toBeLessThan(3000);
      // Its JSON log lines join the suite's secret audit (the banner above them shows the demo tokens on purpose).
      auditLogLines(out.split('\n').filter((line) => line.startsWith('{')));
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
