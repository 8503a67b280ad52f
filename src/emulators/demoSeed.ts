import { createHmac } from 'node:crypto';

/**
 * Demo identifiers derived from a seed (`DEMO_SEED`), so tokens and ids pasted into Sandbox, Postman or an app keep
 * working after a restart. Only the embedded emulators use them; a real upstream never sees a derived value.
 */
export function demoSecret(seed: string, purpose: string): string {
  return digest(seed, purpose).subarray(0, 24).toString('base64url');
}

/** A version-4-shaped UUID, stable for one seed and purpose. */
export function demoUuid(seed: string, purpose: string): string {
  const bytes = digest(seed, purpose).subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function digest(seed: string, purpose: string): Buffer {
  return createHmac('sha256', seed).update(purpose).digest();
}
