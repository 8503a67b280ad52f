import { planPinning, pinSelf } from './processes.ts';
import { availableParallelism } from 'node:os';
import { startBenchStack } from './stack.ts';
import { runIdempotency } from './idempotency.ts';
const pinning = planPinning(availableParallelism());
pinSelf(pinning.loadCore);
const stack = await startBenchStack(pinning, {});
try { await runIdempotency(stack, pinning, { seconds: Number(process.env.S ?? 3), rounds: Number(process.env.R ?? 4), rate: Number(process.env.RATE ?? 100) }); } finally { await stack.close(); }
