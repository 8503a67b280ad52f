import type { Dispatcher } from 'undici';

export interface DispatchedRequest {
  origin: string;
  /** Path and query. */
  path: string;
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface DispatchedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * One HTTP exchange over undici's handler API, the body collected as buffers. `request()` wraps every body in a
 * Readable stream and consumes it again with `.text()`: about 9 µs a call on this machine, a tenth of a gateway
 * request. Failures reach the caller as undici's own errors (the signal's reason when it aborted), as with `request()`.
 */
export function dispatchOnce(dispatcher: Dispatcher, req: DispatchedRequest): Promise<DispatchedResponse> {
  return new Promise((resolve, reject) => {
    const { signal } = req;
    let controller: Dispatcher.DispatchController | undefined;
    const onAbort = () => controller?.abort(signal?.reason as Error);
    let status = 0;
    let headers: DispatchedResponse['headers'] = {};
    const chunks: Buffer[] = [];
    const settle = () => signal?.removeEventListener('abort', onAbort);

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(started) {
        controller = started;
        if (signal?.aborted) started.abort(signal.reason as Error);
      },
      onResponseStart(_controller, statusCode, responseHeaders) {
        status = statusCode;
        headers = responseHeaders;
      },
      onResponseData(_controller, chunk) {
        chunks.push(chunk);
      },
      onResponseEnd() {
        settle();
        resolve({ status, headers, text: chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8') });
      },
      onResponseError(_controller, error) {
        settle();
        reject(error);
      },
    };
    if (signal?.aborted) return reject(signal.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    dispatcher.dispatch({ origin: req.origin, path: req.path, method: req.method, headers: req.headers, body: req.body ?? null }, handler);
  });
}
