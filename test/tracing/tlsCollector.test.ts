import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logged, spanCount } from '../helpers/spanExportHealth.ts';
import { startStubStack, type StubStack } from '../helpers/stubStack.ts';
import { faults, paymentPage } from '../helpers/stubUpstream.ts';
import { auditSpanExports } from '../helpers/suiteAudit.ts';
import { until } from '../helpers/until.ts';

/** A private CA and a collector certificate for 127.0.0.1 signed by it, made for this run (nothing committed). */
function makeCertificates(dir: string): { caFile: string; key: Buffer; cert: Buffer } {
  const openssl = (...args: string[]) => {
    try {
      execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    } catch (error) {
      throw new Error(`The TLS collector test makes its certificates with the openssl command (Debian: apt-get install openssl): ${String(error)}`);
    }
  };
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ecKey, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=test collector CA');
  openssl('req', ...ecKey, '-keyout', 'collector.key', '-out', 'collector.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', 'collector.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'collector.pem', '-days', '2', '-extfile', 'san.cnf');
  return { caFile: join(dir, 'ca.pem'), key: readFileSync(join(dir, 'collector.key')), cert: readFileSync(join(dir, 'collector.pem')) };
}

describe('a collector behind TLS with a private CA', () => {
  let dir: string;
  let caFile: string;
  let collector: Server;
  let url: string;
  const received: Buffer[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'otlp-tls-'));
    const made = makeCertificates(dir);
    caFile = made.caFile;
    collector = createServer({ key: made.key, cert: made.cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        received.push(body);
        auditSpanExports(body.toString('latin1'));
        res.writeHead(200, { 'content-type': 'application/x-protobuf' });
        res.end();
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', () => resolve()));
    url = `https://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    collector.closeAllConnections();
    await new Promise<void>((resolve) => collector.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function tracedQuery(stack: StubStack): Promise<void> {
    stack.ct.handler = faults.json(200, paymentPage(['p1']));
    expect((await stack.gql('query OverTls { myPayments(first: 1) { nodes { id } } }')).body.errors).toBeUndefined();
  }

  it('without the CA: exports fail with the TLS error code as the reason, answers go on', async () => {
    const stack = await startStubStack({ OTEL_EXPORTER_OTLP_ENDPOINT: url, OTEL_BSP_SCHEDULE_DELAY: '20' });
    try {
      await tracedQuery(stack);
      await until(async () => (await spanCount(stack, 'failed')) >= 4, 'the failed export');
      const [warning] = logged(stack, 'spans not delivered');
      expect(Object.keys(warning?.failedByReason as object)).toEqual([expect.stringMatching(/^(SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/)]);
    } finally {
      await stack.close();
    }
  });

  it('with OTEL_EXPORTER_OTLP_CERTIFICATE (read by the exporter itself): spans are delivered over TLS', async () => {
    // The exporter reads its certificate variables from the process environment when it is built.
    const before = process.env.OTEL_EXPORTER_OTLP_CERTIFICATE;
    process.env.OTEL_EXPORTER_OTLP_CERTIFICATE = caFile;
    let stack: StubStack;
    try {
      stack = await startStubStack({ OTEL_EXPORTER_OTLP_ENDPOINT: url, OTEL_BSP_SCHEDULE_DELAY: '20' });
    } finally {
      if (before === undefined) delete process.env.OTEL_EXPORTER_OTLP_CERTIFICATE;
      else process.env.OTEL_EXPORTER_OTLP_CERTIFICATE = before;
    }
    try {
      received.length = 0;
      await tracedQuery(stack);
      await until(async () => (await spanCount(stack, 'delivered')) >= 4, 'the spans delivered');
      expect(await spanCount(stack, 'failed')).toBe(0);
      expect(Buffer.concat(received).includes('query OverTls')).toBe(true);
    } finally {
      await stack.close();
    }
  });
});
