/** Bench-only child process: the Oracle Commerce agent emulator. Prints `BENCH_READY <json>` when listening. */
import { startOccEmulator } from '../../src/emulators/occ/index.ts';

export interface OccReady {
  baseUrl: string;
  agentToken: string;
}

const occ = await startOccEmulator({ host: '127.0.0.1', port: 0, tokenTtlSeconds: 3600 });
const ready: OccReady = { baseUrl: occ.baseUrl, agentToken: occ.demo.agentToken };
process.stdout.write(`BENCH_READY ${JSON.stringify(ready)}\n`);
process.on('SIGTERM', () => void occ.close().then(() => process.exit(0)));
