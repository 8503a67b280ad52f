import { isInteger, isLosslessNumber, isSafeNumber } from 'lossless-json';
import { invalidField, referencedResourceNotFound, requiredField } from './errors.ts';
import { isObject } from './types.ts';
import type { CtCustomFields } from './types.ts';

/** The Types the demo project knows; anything else is answered ReferencedResourceNotFound like the platform does. */
export const KNOWN_TYPES: ReadonlyArray<{ key: string; id: string }> = [
  { key: 'payment-extras', id: '6b9f2c1e-4a3d-4f6e-9c2b-1d7e8f9a0b11' },
  { key: 'transaction-extras', id: '0c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e22' },
  { key: 'payment-method-extras', id: '9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c33' },
];

/** Parses `{type: {key | id, typeId: 'type'}, fields?}` into the stored `{type: {typeId, id}, fields}`. */
export function parseCustomDraft(draft: unknown, field: string): CtCustomFields {
  if (!isObject(draft)) throw invalidField(field, draft);
  const type = parseTypeReference(draft['type'], `${field}.type`);
  const fields = draft['fields'];
  if (fields !== undefined && fields !== null && !isObject(fields)) throw invalidField(`${field}.fields`, fields);
  return { type, fields: isObject(fields) ? normalizeFields(fields) : {} };
}

export function parseTypeReference(ref: unknown, field: string): { typeId: 'type'; id: string } {
  if (ref === undefined || ref === null) throw requiredField(field);
  if (!isObject(ref)) throw invalidField(field, ref);
  const { key, id, typeId } = ref;
  if (typeId !== undefined && typeId !== 'type') throw invalidField(`${field}.typeId`, typeId, ['type']);
  if (typeof key === 'string') {
    const known = KNOWN_TYPES.find((t) => t.key === key);
    if (!known) throw referencedResourceNotFound('type', { key });
    return { typeId: 'type', id: known.id };
  }
  if (typeof id === 'string') {
    const known = KNOWN_TYPES.find((t) => t.id === id);
    if (!known) throw referencedResourceNotFound('type', { id });
    return { typeId: 'type', id: known.id };
  }
  throw requiredField(`${field}.id`);
}

/** Drops nulls (a null field is an absent field) and turns lossless numbers into number or bigint. */
export function normalizeFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value !== null && value !== undefined) out[name] = normalizeJson(value);
  }
  return out;
}

/** Plain JSON with number | bigint leaves, so stored values survive structuredClone and stringify exactly. */
export function normalizeJson(value: unknown): unknown {
  if (isLosslessNumber(value)) {
    const raw = value.toString();
    if (isSafeNumber(raw)) return Number(raw);
    return isInteger(raw) ? BigInt(raw) : Number(raw);
  }
  if (Array.isArray(value)) return value.map(normalizeJson);
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalizeJson(v);
    return out;
  }
  return value;
}
