import { SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { defaultFieldResolver, type DocumentNode, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { withCallerTrace, type GatewayContext } from '../../context.ts';
import { ErrorCode } from '../../errors/gatewayError.ts';
import { sha256Hex } from '../../persistedDocuments/manifest.ts';
import type { DocumentFingerprint } from '../documentFingerprint.ts';
import type { RecordedResult } from '../operationRecord.ts';
import { rememberedRedaction } from '../redact.ts';
import type { OperationTrace } from './types.ts';

/** The caller chooses names and aliases: card-like digits in them are masked, as on the log line (each name once). */
const safeName = rememberedRedaction();

/**
 * The operation, root field and DataLoader batch spans of a sampled request (`server`: its recording server span's
 * context). Both engines reach them the same way: the context factory starts the operation, the (shared) schema's
 * root resolvers are wrapped once, and both call `finished` next to the operation's log line. Only the
 * operation's name, type and document hash are recorded, never its text or variables.
 */
export function startOperationTrace(tracer: Tracer, server: Context, documentHash: (document: DocumentNode) => string | undefined): OperationTrace {
  const span = tracer.startSpan('GraphQL Operation', undefined, server);
  const parent = trace.setSpan(server, span);
  const { traceId, spanId } = span.spanContext();
  let ended = false;
  return {
    recording: true,
    parent,
    ids: { traceId, spanId },
    rootField(parentType, fieldName, responseKey, run) {
      const field = tracer.startSpan(
        `${parentType}.${fieldName}`,
        { attributes: { 'graphql.field.name': fieldName, 'graphql.field.path': responseKey, 'graphql.field.parent_type': parentType } },
        parent,
      );
      let value: ReturnType<typeof run>;
      try {
        value = run(trace.setSpan(parent, field));
      } catch (error) {
        endWithError(field, error);
        throw error;
      }
      if (!isPromiseLike(value)) {
        field.end();
        return value;
      }
      return value.then(
        (resolved) => {
          field.end();
          return resolved;
        },
        (error: unknown) => {
          endWithError(field, error);
          throw error;
        },
      ) as typeof value;
    },
    async batch(loader, size, run) {
      const span = tracer.startSpan(`DataLoader ${loader}`, { attributes: { 'gateway.dataloader.name': loader, 'gateway.dataloader.batch_size': size } }, parent);
      try {
        const value = await run(trace.setSpan(parent, span));
        span.end();
        return value;
      } catch (error) {
        endWithError(span, error);
        throw error;
      }
    },
    finished(document, operation, result) {
      // Ended once, by whichever report comes first.
      if (ended) return;
      ended = true;
      if (operation !== undefined) {
        const type = operation.operation;
        const name = operation.name === undefined ? undefined : safeName(operation.name.value);
        span.updateName(name === undefined ? type : `${type} ${name}`);
        span.setAttribute('graphql.operation.type', type);
        if (name !== undefined) span.setAttribute('graphql.operation.name', name);
      }
      if (document !== undefined) {
        const hash = documentHash(document);
        if (hash !== undefined) span.setAttribute('graphql.document.hash', hash);
      }
      const codes = errorCodes(result);
      if (codes.length > 0) {
        span.setAttributes({ 'error.type': codes[0], 'graphql.error.codes': codes });
        span.setStatus({ code: SpanStatusCode.ERROR, message: codes[0] });
      }
      span.end();
    },
  };
}

/**
 * Wraps every Query and Mutation field once, at start-up: a root field runs in its own span, and the resolver gets
 * a context whose callers carry that span, so each upstream call hangs under the field that made it.
 */
export function traceRootFields(schema: GraphQLSchema): void {
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    if (type === null || type === undefined) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve: GraphQLFieldResolver<unknown, GatewayContext> = field.resolve ?? defaultFieldResolver;
      const traced: GraphQLFieldResolver<unknown, GatewayContext> = (source, args, context, info) => {
        const operation = context.trace;
        if (operation === undefined || !operation.recording) return resolve(source, args, context, info);
        const key = info.path.key;
        return operation.rootField(info.parentType.name, info.fieldName, typeof key === 'string' ? safeName(key) : info.fieldName, (parent) =>
          resolve(source, args, withCallerTrace(context, parent), info),
        );
      };
      field.resolve = traced;
    }
  }
}

/** A document's fingerprint (documentFingerprint.ts); parsed documents are reused, so each is hashed once. */
export function documentHashes(fingerprint: DocumentFingerprint): (document: DocumentNode) => string | undefined {
  const hashes = new WeakMap<DocumentNode, string>();
  return (document) => {
    let hash = hashes.get(document);
    if (hash === undefined) {
      const text = document.loc?.source.body;
      if (text === undefined) return undefined;
      hash = fingerprint(sha256Hex(text));
      hashes.set(document, hash);
    }
    return hash;
  };
}

function errorCodes(result: RecordedResult | undefined): string[] {
  return (result?.errors ?? []).map((error) => String(error.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR));
}

/** A resolver's error: the gateway's code when it has one; anything else will be masked as INTERNAL_SERVER_ERROR. */
function endWithError(span: Span, error: unknown): void {
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  const type = typeof code === 'string' ? code : ErrorCode.INTERNAL_SERVER_ERROR;
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
  span.end();
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
