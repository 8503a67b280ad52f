import { ROOT_CONTEXT, trace, type Context } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { mayHoldCardNumber, mayHoldCredential } from '../redact.ts';

/**
 * A caller's `tracestate` without the members that hold a card number or a credential. Spans record the
 * tracestate and upstream calls carry it on; W3C lets a participant drop members, and a caller's mistake must
 * not reach a tracing backend or a vendor.
 */
export function withoutSecretMembers(context: Context): Context {
  const remote = trace.getSpanContext(context);
  const state = remote?.traceState?.serialize();
  if (remote === undefined || state === undefined || state === '') return context;
  const members = state.split(',');
  const kept = members.filter((member) => !mayHoldCardNumber(member) && !mayHoldCredential(member));
  if (kept.length === members.length) return context;
  return trace.setSpanContext(ROOT_CONTEXT, { ...remote, traceState: kept.length === 0 ? undefined : new TraceState(kept.join(',')) });
}
