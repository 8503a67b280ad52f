import { randomUUID } from 'node:crypto';
import { mayHoldCardNumber } from '../observability/redact.ts';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Reuses the caller's `x-request-id` when it is a sane token, so traces join up; otherwise makes one. The id is
 * echoed, logged and sent upstream as it is, so one that could hold a card number is never reused.
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && SAFE_REQUEST_ID.test(value) && !mayHoldCardNumber(value) ? value : randomUUID();
}
