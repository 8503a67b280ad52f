import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { ErrorCode, GatewayError, OutcomeUnknownError, type GatewayErrorExtensions, type UpstreamName } from '../errors/gatewayError.ts';
import { parseCtJson, stringifyCtJson } from '../upstreams/commercetools/json.ts';
import { clientKeyOf } from './clientKey.ts';
import { recordKey, storeUnavailable } from './idempotency.ts';
import { takeSharedKey, type SharedKeyRelease } from './sharedKey.ts';
import { canonicalJson } from './keyedHash.ts';
import type { IdempotencyRecord, StoredOutcome } from './store.ts';

type StoredError = Extract<StoredOutcome, { kind: 'error' }>;
type Resolver<TArgs, TResult> = (parent: unknown, args: TArgs, context: GatewayContext, info: GraphQLResolveInfo) => Promise<TResult>;

export interface IdempotentMutation<TArgs> {
  name: string;
  upstream: UpstreamName;
  /**
   * Whose keys these are: the shopper, as commercetools knows them, or the agent's token and the order it pays;
   * undefined without credentials (the resolver then refuses the call). May ask the upstream (token introspection); a failure there
   * fails the mutation closed, like the store's.
   */
  keyScope(args: TArgs, context: GatewayContext): string | undefined | Promise<string | undefined>;
  /**
   * Where the key is also taken across callers (Oracle Commerce: the order), for upstreams whose callers cannot be
   * told apart over time: another caller's request with the key is refused, never sent (`takeSharedKey`).
   */
  sharedScope?(args: TArgs): string;
}

const IN_USE_RETRY_AFTER_SECONDS = 1;

/**
 * Makes a payment mutation safe to retry with a key: the first request runs and its outcome is stored, a repeat
 * gets that outcome without an upstream call. What happened before anything was sent (validation, a refused
 * connection, an open circuit, a rate limit) is not stored, so a corrected retry with the same key runs.
 */
export function withIdempotency<TArgs extends { idempotencyKey?: string | null }, TResult>(
  mutation: IdempotentMutation<TArgs>,
  resolve: Resolver<TArgs, TResult>,
): Resolver<TArgs, TResult> {
  const keyed = keyedResolver(mutation, resolve);
  return async (parent, args, context, info) => {
    const replays = context.response.replays;
    try {
      return await keyed(parent, args, context, info);
    } finally {
      // Anything but a replay (it ran, was refused, or its key was in use, reused or unavailable): no whole replay.
      if (context.response.replays === replays) context.response.notReplayed = true;
    }
  };
}

function keyedResolver<TArgs extends { idempotencyKey?: string | null }, TResult>(
  mutation: IdempotentMutation<TArgs>,
  resolve: Resolver<TArgs, TResult>,
): Resolver<TArgs, TResult> {
  return async (parent, args, context, info) => {
    const clientKey = clientKeyOf(args.idempotencyKey, context.idempotencyHeader, info);
    const scope = clientKey === undefined ? undefined : await mutation.keyScope(args, context);
    if (clientKey === undefined || scope === undefined) return resolve(parent, args, context, info);

    const { idempotency } = context;
    const key = recordKey(idempotency, mutation.upstream, scope, clientKey);
    const { idempotencyKey: _key, ...request } = args;
    const fingerprint = idempotency.hash('fingerprint', mutation.name, canonicalJson(request));
    let claim;
    try {
      claim = await idempotency.store.claim(key, fingerprint, idempotency.now() + idempotency.inFlightMs, idempotency.ttlMs);
    } catch {
      throw storeUnavailable(idempotency);
    }
    if (claim.kind === 'existing') return answerFromRecord<TResult>(claim.record, fingerprint, mutation.upstream, context);

    // Sent before the answer, acknowledged beside it (one Redis round trip less on every keyed mutation). A retry can
    // only follow the answer, and the store applies writes in the order they were sent, so it finds the record. A
    // write that fails leaves the claim in flight: a retry gets "in use", then "outcome unknown", never a second call.
    const settle = (what: string, write: Promise<void>) => {
      write.catch((error: unknown) => {
        context.logger.error({ requestId: context.requestId, err: error, mutation: mutation.name }, `idempotency record could not be ${what}`);
      });
    };
    let releaseShared: SharedKeyRelease | undefined;
    if (mutation.sharedScope !== undefined) {
      try {
        releaseShared = await takeSharedKey(idempotency, mutation.upstream, mutation.sharedScope(args), scope, clientKey);
      } catch (error) {
        settle('released', idempotency.store.release(key, claim.token));
        throw error;
      }
    }
    const sentBefore = context.upstreamCalls.dispatched;
    try {
      const result = await resolve(parent, args, context, info);
      settle('stored', idempotency.store.complete(key, claim.token, fingerprint, { kind: 'data', json: stringifyCtJson(result) }, idempotency.ttlMs));
      idempotency.count('executed');
      return result;
    } catch (error) {
      const sent = context.upstreamCalls.dispatched > sentBefore;
      if (!sent || isKnownNotApplied(error)) {
        settle('released', idempotency.store.release(key, claim.token));
        if (releaseShared !== undefined) settle('released', releaseShared());
        idempotency.count('released');
        throw error;
      }
      const outcome = storedError(error, mutation.upstream);
      settle('stored', idempotency.store.complete(key, claim.token, fingerprint, outcome, idempotency.ttlMs));
      // Refused for who sent it (an expired token): nothing was applied, and the next caller may use the key.
      if (releaseShared !== undefined && refusedTheCaller(error)) settle('released', releaseShared());
      idempotency.count('executed');
      throw error instanceof GatewayError ? error : errorFrom(outcome);
    }
  };
}

function answerFromRecord<TResult>(record: IdempotencyRecord, fingerprint: string, upstream: UpstreamName, context: GatewayContext): TResult {
  const { idempotency } = context;
  if (record.fingerprint !== fingerprint) {
    idempotency.count('reused');
    throw new GatewayError(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      'This idempotency key was already used for a different mutation or different arguments. Use a new key for a new request.',
      { field: 'idempotencyKey' },
    );
  }
  if (record.state === 'in-flight') {
    if (idempotency.now() < record.inFlightUntil) {
      idempotency.count('in_use');
      context.response.keyInUseRetryAfterSeconds = IN_USE_RETRY_AFTER_SECONDS;
      throw new GatewayError(ErrorCode.IDEMPOTENCY_KEY_IN_USE, 'A request with this idempotency key is still running. Ask again shortly with the same key.', {
        retryable: true,
        retryAfterSeconds: IN_USE_RETRY_AFTER_SECONDS,
      });
    }
    // Its owner stopped mid-call (a crashed instance): what the upstream did is unknown, and it is never sent twice.
    idempotency.count('outcome_unknown');
    throw new OutcomeUnknownError(upstream, OWNER_GONE);
  }
  idempotency.count('replayed');
  context.response.replays += 1;
  if (record.outcome.kind === 'error') throw errorFrom(record.outcome);
  return parseCtJson(record.outcome.json) as TResult;
}

const OWNER_GONE =
  'A request with this idempotency key was sent upstream but never finished; it may or may not have been applied. Read the payment or the order to find out.';

/** Only a failure known to have happened before the request was applied (refused, circuit open, 429/503). */
function isKnownNotApplied(error: unknown): boolean {
  return error instanceof GatewayError && error.extensions.retryable === true;
}

function refusedTheCaller(error: unknown): boolean {
  return error instanceof GatewayError && (error.code === ErrorCode.UNAUTHENTICATED || error.code === ErrorCode.FORBIDDEN);
}

/** Typed errors are kept as the client saw them; anything else after a send is an unknown outcome. */
function storedError(error: unknown, upstream: UpstreamName): StoredError {
  const known = error instanceof GatewayError ? error : new OutcomeUnknownError(upstream, 'The gateway failed after sending the request; it may or may not have been applied. Read the payment or the order to find out.');
  const { code: _code, ...extensions } = known.extensions as Record<string, unknown>;
  return { kind: 'error', code: known.code, message: known.message, extensions };
}

function errorFrom(outcome: StoredError): GatewayError {
  return new GatewayError(outcome.code as ErrorCode, outcome.message, outcome.extensions as GatewayErrorExtensions);
}
