import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Pool } from 'undici';
import { startRedisServer } from '../helpers/redisServer.ts';
import { startOccEmulator } from '../../src/emulators/occ/index.ts';
import { freePort, startServiceChild } from './processes.ts';
import { ROOT } from './stack.ts';

const mode = process.argv[2] ?? 'key'; // key | none
const limits = process.argv[3] ?? 'off';
const n = Number(process.argv[4] ?? 3000);
const redis = await startRedisServer();
const occ = await startOccEmulator({ host: '127.0.0.1', port: 0, tokenTtlSeconds: 3600 });
const port = await freePort();
const lim = limits === 'off' ? '0' : '10000000';
const child = await startServiceChild('gw', undefined, [process.execPath, ...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/idemprof'] : []), '--import', 'tsx', join(ROOT, 'src/main.ts')], {
  NODE_ENV: 'production', SHUTDOWN_DELAY_MS: '0', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: String(port),
  CTP_API_URL: 'http://127.0.0.1:1/', CTP_PROJECT_KEY: 'bench-project', OCC_BASE_URL: occ.baseUrl, IDEMPOTENCY_SECRET: randomBytes(32).toString('base64url'),
  REDIS_URL: redis.url, RATE_LIMIT_PER_ADDRESS_PER_MINUTE: lim, RATE_LIMIT_PER_CALLER_PER_MINUTE: lim, CARD_FAILURES_PER_ORDER: limits === 'off' ? '0' : '1000000', CARD_FAILURES_PER_CALLER: limits === 'off' ? '0' : '1000000',
}, '/tmp/idemprof/gw.log', `http://127.0.0.1:${port}/healthz`);
const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 1 });
const q = `mutation Pay($input: AddOrderPaymentsInput!, $key: String) { addOrderPayments(input: $input, idempotencyKey: $key) { orderId amountRemaining paymentResponses { paymentGroupId amount paymentState maskedCardNumber } } }`;
const card = { number: '4111111111111111', cvv: '123', type: 'visa', nameOnCard: 'Bench Shopper', expiryMonth: 12, expiryYear: 2030 };
const times: number[] = [];
for (let i = 0; i < n; i++) {
  const body = JSON.stringify({ query: q, variables: { input: { orderId: `o8100${String(i % 20).padStart(2, '0')}`, profileId: '170309', payments: [{ paymentMethodType: 'CARD', amount: '0.01', card }] }, key: mode === 'key' ? `k${i}-${Math.random()}` : null } });
  const t = performance.now();
  const res = await pool.request({ path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', 'x-occ-authorization': `Bearer ${occ.demo.agentToken}` }, body });
  const text = await res.body.text();
  if (text.includes('"errors"')) throw new Error(text);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
console.log(mode, limits, 'p50', times[Math.floor(n / 2)]!.toFixed(3), 'p99', times[Math.floor(n * 0.99)]!.toFixed(3));
await pool.close();
await child.stop();
await occ.close();
await redis.stop();
