import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body exceeds ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** The client went away before its body ended (a dropped mobile connection, a request timeout): nobody to answer. */
export class ClientGoneError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('The request was closed before its body ended.', options);
    this.name = 'ClientGoneError';
  }
}

/**
 * Reads the whole body, failing fast (without buffering the rest) once it passes `limit` bytes. Plain listeners
 * rather than `for await`: the async iterator cost more than reading a small body itself.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Methods, not `const f = () =>`: tsx (esbuild's keepNames) would name each closure with a defineProperty call.
    const on = {
      settle(error: Error | undefined) {
        req.off('data', on.data).off('end', on.end).off('error', on.failed).off('close', on.close);
        if (error !== undefined) return reject(error);
        resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
      },
      data(chunk: Buffer) {
        size += chunk.length;
        // The rest of the body is left to Node, which discards it once the 413 has been sent.
        if (size > limit) on.settle(new BodyTooLargeError(limit));
        else chunks.push(chunk);
      },
      end() {
        on.settle(undefined);
      },
      close() {
        on.settle(new ClientGoneError());
      },
      // A stream error on a request is its connection failing (`aborted`, ECONNRESET).
      failed(error: Error) {
        on.settle(new ClientGoneError({ cause: error }));
      },
    };
    req.on('data', on.data).on('end', on.end).on('error', on.failed).on('close', on.close);
  });
}
