import type { StubStack } from './stubStack.ts';

/** `gateway_trace_spans_total{outcome}` as a scrape of the gateway's /metrics reads it. */
export async function spanCount(stack: StubStack, outcome: 'delivered' | 'failed' | 'dropped'): Promise<number> {
  const text = await (await fetch(`${stack.origin}/metrics`)).text();
  return Number(new RegExp(`^gateway_trace_spans_total\\{outcome="${outcome}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
}

/** The gateway's log entries whose message starts with `message`. */
export function logged(stack: Pick<StubStack, 'logs'>, message: string): Array<Record<string, unknown>> {
  return stack.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => String(entry.msg).startsWith(message));
}
