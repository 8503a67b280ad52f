import type { TraceParent } from '../observability/tracing/types.ts';

/** Who an upstream call acts for (`CtCaller` and `OccCaller` have this shape). */
export interface UpstreamCaller {
  authorization: string | undefined;
  requestId: string;
  onDispatch?: (() => void) | undefined;
  trace?: TraceParent | undefined;
}

/**
 * Every caller is made by this one literal. A copy made for another span (a traced root field, a DataLoader batch)
 * then has the hidden class of the original: a spread copy would not, and once sampled requests made such copies,
 * every request's property reads on callers turned polymorphic and slower, sampled or not.
 */
export function makeCaller(authorization: string | undefined, requestId: string, onDispatch: (() => void) | undefined, trace: TraceParent | undefined): UpstreamCaller {
  return { authorization, requestId, onDispatch, trace };
}

/** The same caller, its calls hanging under `trace`. */
export function callerWithTrace<C extends UpstreamCaller>(caller: C, trace: TraceParent): C {
  return makeCaller(caller.authorization, caller.requestId, caller.onDispatch, trace) as C;
}
