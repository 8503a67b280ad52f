const INITIAL_BYTES = 64 * 1024;

/**
 * The protobuf wire format, written in one pass into one reused buffer: a nested message reserves one byte for its
 * length and moves its bytes along only when it turns out longer than 127 (rare for a span's parts; once per export for
 * the outer ones).
 */
export class ProtobufWriter {
  private buffer = Buffer.allocUnsafeSlow(INITIAL_BYTES);
  private at = 0;

  /** How many bytes are written. */
  get length(): number {
    return this.at;
  }

  /** Forgets what was written after `length` (all of it by default): a message that failed half-way leaves nothing. */
  restart(length = 0): void {
    this.at = length;
  }

  /** Appends what another writer holds. */
  append(other: ProtobufWriter): void {
    this.room(other.at);
    other.buffer.copy(this.buffer, this.at, 0, other.at);
    this.at += other.at;
  }

  /**
   * What was written, and the writer emptied for the next message. A message of at least half the buffer takes the
   * buffer along (the exporter may still send it again; the writer gets a new one a little larger than the message,
   * uninitialised), cheaper than copying it; a smaller one is copied out, so it holds no more memory than its bytes.
   */
  take(): Uint8Array {
    const written = new Uint8Array(this.buffer.buffer, this.buffer.byteOffset, this.at);
    if (this.at * 2 < this.buffer.length) {
      this.at = 0;
      return written.slice();
    }
    this.buffer = Buffer.allocUnsafeSlow(Math.max(INITIAL_BYTES, this.at + (this.at >>> 2)));
    this.at = 0;
    return written;
  }

  /** A field's key; `field` up to 15 keeps it one byte, as every OTLP field but a span's flags is. */
  tag(field: number, wireType: 0 | 1 | 2 | 5): void {
    this.varint((field << 3) | wireType);
  }

  /** An unsigned or negative integer as a varint (negative ones as int64, in ten bytes). */
  varint(value: number): void {
    this.room(10);
    const buffer = this.buffer;
    if (value >= 0 && value <= 0xffffffff) {
      let rest = value >>> 0;
      while (rest > 0x7f) {
        buffer[this.at++] = (rest & 0x7f) | 0x80;
        rest >>>= 7;
      }
      buffer[this.at++] = rest;
      return;
    }
    let [low, high] = int64Halves(value);
    while (high > 0 || low > 0x7f) {
      buffer[this.at++] = (low & 0x7f) | 0x80;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    buffer[this.at++] = low;
  }

  fixed32(value: number): void {
    this.room(4);
    this.buffer.writeUInt32LE(value >>> 0, this.at);
    this.at += 4;
  }

  fixed64(low: number, high: number): void {
    this.room(8);
    this.buffer.writeUInt32LE(low >>> 0, this.at);
    this.buffer.writeUInt32LE(high >>> 0, this.at + 4);
    this.at += 8;
  }

  double(value: number): void {
    this.room(8);
    this.buffer.writeDoubleLE(value, this.at);
    this.at += 8;
  }

  /**
   * A string as UTF-8 with its length. Short ones (≤ 42 UTF-16 units, so ≤ 126 bytes) know their length's size. Not a
   * string (a JavaScript caller's span name of another type) is written empty rather than failing the whole export.
   */
  string(text: string): void {
    if (typeof text !== 'string') text = '';
    const units = text.length;
    if (units <= 42) {
      this.room(1 + units * 3);
      const start = this.at;
      this.at = start + 1 + (units === 0 ? 0 : asciiOrUtf8(this.buffer, text, start + 1));
      this.buffer[start] = this.at - start - 1;
      return;
    }
    const bytes = Buffer.byteLength(text, 'utf8');
    this.varint(bytes);
    this.room(bytes);
    this.at += this.buffer.write(text, this.at, bytes, 'utf8');
  }

  /** Hex (a trace or span id) as the bytes it spells, with their length. */
  hexBytes(hex: string): void {
    const length = hex.length >>> 1;
    this.varint(length);
    this.room(length);
    const buffer = this.buffer;
    // Digit by digit, not by Buffer's hex decoder: for a 16- or 32-digit id that is cheaper than the call into C++.
    for (let i = 0; i < length; i++) buffer[this.at++] = (hexDigit(hex.charCodeAt(2 * i)) << 4) | hexDigit(hex.charCodeAt(2 * i + 1));
  }

  bytes(bytes: Uint8Array): void {
    this.varint(bytes.length);
    this.room(bytes.length);
    this.buffer.set(bytes, this.at);
    this.at += bytes.length;
  }

  /** Starts a nested message (after its tag); hand what it returns to {@link end}. */
  begin(): number {
    this.room(1);
    return this.at++;
  }

  end(start: number): void {
    const length = this.at - start - 1;
    if (length < 0x80) {
      this.buffer[start] = length;
      return;
    }
    const extra = varintSize(length) - 1;
    this.room(extra);
    this.buffer.copyWithin(start + 1 + extra, start + 1, this.at);
    this.at += extra;
    const end = this.at;
    this.at = start;
    this.varint(length);
    this.at = end;
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes));
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
  }
}

/** A hex digit's value; anything else as otlp-transformer reads it (ids reach here valid but for a caller's links). */
function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return code - 55;
}

/** ASCII byte by byte (cheaper than a call into C++ for a short string), anything else by Buffer's UTF-8 encoder. */
function asciiOrUtf8(buffer: Buffer, text: string, at: number): number {
  const units = text.length;
  for (let i = 0; i < units; i++) {
    const unit = text.charCodeAt(i);
    if (unit > 0x7f) return buffer.write(text, at, units * 3, 'utf8');
    buffer[at + i] = unit;
  }
  return units;
}

function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    size++;
  }
  return size;
}

/** An integer's two's-complement int64 as unsigned 32-bit halves. */
function int64Halves(value: number): [low: number, high: number] {
  const magnitude = Math.abs(value);
  let low = magnitude >>> 0;
  let high = Math.floor(magnitude / 0x100000000) >>> 0;
  if (value < 0) {
    low = ~low >>> 0;
    high = ~high >>> 0;
    low = (low + 1) >>> 0;
    if (low === 0) high = (high + 1) >>> 0;
  }
  return [low, high];
}
