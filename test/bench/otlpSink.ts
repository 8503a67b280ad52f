/**
 * A local OTLP/HTTP receiver for the bench: accepts every export and keeps nothing, counting exports, bytes and
 * server spans (their name's bytes), so the bench can tell every traced request was exported, none dropped.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let exports = 0;
let bytes = 0;
let serverSpans = 0;
const SERVER_SPAN_NAME = Buffer.from('POST /graphql');

function occurrences(body: Buffer): number {
  let count = 0;
  for (let at = body.indexOf(SERVER_SPAN_NAME); at !== -1; at = body.indexOf(SERVER_SPAN_NAME, at + 1)) count++;
  return count;
}
const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/count') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ exports, bytes, serverSpans }));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    bytes += body.length;
    serverSpans += occurrences(body);
    exports++;
    const type = req.headers['content-type'] ?? 'application/x-protobuf';
    res.writeHead(200, { 'content-type': type });
    // An empty ExportTraceServiceResponse in the request's encoding.
    res.end(type.includes('json') ? '{}' : '');
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
process.stdout.write(`BENCH_READY ${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
