import type { destination, DestinationStream } from 'pino';

type SonicBoom = ReturnType<typeof destination>;

/**
 * Log lines gathered for one turn of the event loop (or until `maxLength` characters) and handed to sonic-boom as one string.
 * sonic-boom appends each write to the text it holds and measures that whole text again (`Buffer.byteLength`
 * flattens it), so writing line by line costs in proportion to what is already pending: joined, a busy loop turn's
 * lines cost one append. Every line goes through here, pino's own as well as the operation line, so order is kept.
 */
export function linesPerLoopTurn(stream: SonicBoom, maxLength = 4096): DestinationStream {
  const lines: string[] = [];
  let length = 0;
  let scheduled = false;
  const handOver = (): void => {
    scheduled = false;
    if (lines.length === 0) return;
    const text = lines.length === 1 ? lines[0]! : lines.join('');
    lines.length = 0;
    length = 0;
    stream.write(text);
  };
  // An exit between two turns still writes what was gathered (pino's own exit hook may already have flushed).
  process.on('exit', () => {
    if (lines.length === 0) return;
    try {
      handOver();
      stream.flushSync();
    } catch {
      // A destination pino already ended (beforeExit): nothing more can be written.
    }
  });
  const batches = {
    write(line: string): boolean {
      lines.push(line);
      length += line.length;
      if (length >= maxLength) handOver();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(handOver);
      }
      return true;
    },
    flush(callback?: (error?: Error) => void): void {
      handOver();
      stream.flush(callback);
    },
    flushSync(): void {
      handOver();
      stream.flushSync();
    },
  };
  return batches as DestinationStream;
}
