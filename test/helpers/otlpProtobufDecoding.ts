/**
 * Reads an OTLP protobuf `ExportTraceServiceRequest` straight from the wire format, as a collector would, into the
 * shape the receiver gives JSON exports: the gateway's own encoder is checked by what a decoder makes of it, not by
 * another encoder. Only what the tests look at is read; other fields are skipped by their wire type.
 */
import type { ReceivedSpan } from './otlpReceiver.ts';

interface Field {
  number: number;
  /** A varint's value, or the bytes of a fixed or length-delimited field. */
  varint: bigint;
  bytes: Buffer;
}

function* fieldsOf(message: Buffer): Generator<Field> {
  let at = 0;
  const varint = (): bigint => {
    let value = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (at >= message.length) throw new Error('protobuf: a varint runs past the end of its message');
      const byte = message[at++]!;
      value |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return value;
    }
  };
  const take = (length: number): Buffer => {
    if (at + length > message.length) throw new Error('protobuf: a field runs past the end of its message');
    at += length;
    return message.subarray(at - length, at);
  };
  while (at < message.length) {
    const key = Number(varint());
    const number = key >>> 3;
    switch (key & 7) {
      case 0:
        yield { number, varint: varint(), bytes: Buffer.alloc(0) };
        break;
      case 1:
        yield { number, varint: 0n, bytes: take(8) };
        break;
      case 2:
        yield { number, varint: 0n, bytes: take(Number(varint())) };
        break;
      case 5:
        yield { number, varint: 0n, bytes: take(4) };
        break;
      default:
        throw new Error(`protobuf: wire type ${key & 7} in field ${number}`);
    }
  }
}

function anyValue(message: Buffer): unknown {
  for (const field of fieldsOf(message)) {
    switch (field.number) {
      case 1:
        return field.bytes.toString('utf8');
      case 2:
        return field.varint !== 0n;
      case 3:
        return Number(BigInt.asIntN(64, field.varint));
      case 4:
        return field.bytes.readDoubleLE(0);
      case 5:
        return [...fieldsOf(field.bytes)].filter((item) => item.number === 1).map((item) => anyValue(item.bytes));
    }
  }
  return undefined;
}

function keyValue(message: Buffer): [string, unknown] {
  let key = '';
  let value: unknown;
  for (const field of fieldsOf(message)) {
    if (field.number === 1) key = field.bytes.toString('utf8');
    if (field.number === 2) value = anyValue(field.bytes);
  }
  return [key, value];
}

function attributesIn(message: Buffer, attributeField: number): Record<string, unknown> {
  return Object.fromEntries([...fieldsOf(message)].filter((field) => field.number === attributeField).map((field) => keyValue(field.bytes)));
}

function status(message: Buffer): ReceivedSpan['status'] {
  const read: ReceivedSpan['status'] = { code: 0 };
  for (const field of fieldsOf(message)) {
    if (field.number === 2) read.message = field.bytes.toString('utf8');
    if (field.number === 3) read.code = Number(field.varint);
  }
  return read;
}

function event(message: Buffer): ReceivedSpan['events'][number] {
  const name = [...fieldsOf(message)].find((field) => field.number === 2)?.bytes.toString('utf8') ?? '';
  return { name, attributes: attributesIn(message, 3) };
}

function span(message: Buffer, resource: Record<string, unknown>): ReceivedSpan {
  const read: ReceivedSpan = {
    traceId: '',
    spanId: '',
    parentSpanId: undefined,
    traceState: undefined,
    name: '',
    kind: 0,
    attributes: attributesIn(message, 9),
    status: {},
    events: [],
    serviceName: resource['service.name'],
    resource,
  };
  for (const field of fieldsOf(message)) {
    if (field.number === 1) read.traceId = field.bytes.toString('hex');
    if (field.number === 2) read.spanId = field.bytes.toString('hex');
    if (field.number === 3 && field.bytes.length > 0) read.traceState = field.bytes.toString('utf8');
    if (field.number === 4 && field.bytes.length > 0) read.parentSpanId = field.bytes.toString('hex');
    if (field.number === 5) read.name = field.bytes.toString('utf8');
    if (field.number === 6) read.kind = Number(field.varint);
    if (field.number === 11) read.events.push(event(field.bytes));
    if (field.number === 15) read.status = status(field.bytes);
  }
  return read;
}

/** Every span of an export, with its resource's attributes. */
export function decodeProtobufExport(body: Buffer): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of fieldsOf(body)) {
    if (resourceSpans.number !== 1) continue;
    const parts = [...fieldsOf(resourceSpans.bytes)];
    const resourceMessage = parts.find((field) => field.number === 1)?.bytes;
    const resource = resourceMessage === undefined ? {} : attributesIn(resourceMessage, 1);
    for (const scopeSpans of parts.filter((field) => field.number === 2)) {
      for (const field of fieldsOf(scopeSpans.bytes)) if (field.number === 2) spans.push(span(field.bytes, resource));
    }
  }
  return spans;
}
