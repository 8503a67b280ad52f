import { randomUUID } from 'node:crypto';
import { invalidField, requiredField } from './errors.ts';
import { parseCustomDraft } from './custom.ts';
import { parseMoneyDraft } from './money.ts';
import { isObject } from './types.ts';
import type { CtCustomFields, CtMoney, CtPaymentMethodInfo, CtTransaction } from './types.ts';

/** My Payments only lets a customer create these two (the full Payments API allows five). */
export const MY_TRANSACTION_TYPES = ['Authorization', 'Charge'] as const;

export interface ParsedPaymentDraft {
  amountPlanned: CtMoney;
  paymentMethodInfo: CtPaymentMethodInfo;
  transaction?: CtTransaction;
  custom?: CtCustomFields;
}

export function parsePaymentDraft(body: unknown, now: string): ParsedPaymentDraft {
  if (!isObject(body)) throw invalidField('body', body);
  const draft: ParsedPaymentDraft = {
    amountPlanned: parseMoneyDraft(body['amountPlanned'], 'amountPlanned'),
    paymentMethodInfo: parseMethodInfoDraft(body['paymentMethodInfo']),
  };
  if (body['transaction'] !== undefined && body['transaction'] !== null) {
    draft.transaction = parseTransactionDraft(body['transaction'], 'transaction', now);
  }
  if (body['custom'] !== undefined && body['custom'] !== null) draft.custom = parseCustomDraft(body['custom'], 'custom');
  return draft;
}

export function parseTransactionDraft(draft: unknown, field: string, now: string): CtTransaction {
  if (!isObject(draft)) throw invalidField(field, draft);
  const { type, timestamp, interactionId, custom } = draft;
  if (type === undefined || type === null) throw requiredField(`${field}.type`);
  if (typeof type !== 'string' || !(MY_TRANSACTION_TYPES as readonly string[]).includes(type)) {
    throw invalidField(`${field}.type`, type, MY_TRANSACTION_TYPES);
  }
  const amount = parseMoneyDraft(draft['amount'], `${field}.amount`);
  const transaction: CtTransaction = {
    id: randomUUID(),
    timestamp: timestamp === undefined || timestamp === null ? now : parseTimestamp(timestamp, `${field}.timestamp`),
    type,
    amount,
    state: 'Initial',
  };
  if (interactionId !== undefined && interactionId !== null) {
    transaction.interactionId = optionalString(interactionId, `${field}.interactionId`);
  }
  if (custom !== undefined && custom !== null) transaction.custom = parseCustomDraft(custom, `${field}.custom`);
  return transaction;
}

function parseMethodInfoDraft(draft: unknown): CtPaymentMethodInfo {
  if (draft === undefined || draft === null) return {};
  if (!isObject(draft)) throw invalidField('paymentMethodInfo', draft);
  const info: CtPaymentMethodInfo = {};
  const paymentInterface = optionalString(draft['paymentInterface'], 'paymentMethodInfo.paymentInterface');
  const method = optionalString(draft['method'], 'paymentMethodInfo.method');
  const interfaceAccount = optionalString(draft['interfaceAccount'], 'paymentMethodInfo.interfaceAccount');
  const name = parseLocalizedString(draft['name'], 'paymentMethodInfo.name');
  if (paymentInterface !== undefined) info.paymentInterface = paymentInterface;
  if (method !== undefined) info.method = method;
  if (name !== undefined) info.name = name;
  if (interfaceAccount !== undefined) info.interfaceAccount = interfaceAccount;
  if (draft['custom'] !== undefined && draft['custom'] !== null) {
    info.custom = parseCustomDraft(draft['custom'], 'paymentMethodInfo.custom');
  }
  return info;
}

/** Absent, null and "" all mean "no value", as the set actions document. */
export function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalidField(field, value);
  return value;
}

export function parseLocalizedString(value: unknown, field: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalidField(field, value);
  const out: Record<string, string> = {};
  for (const [locale, text] of Object.entries(value)) {
    if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale)) throw invalidField(`${field}.${locale}`, locale);
    if (typeof text !== 'string') throw invalidField(`${field}.${locale}`, text);
    out[locale] = text;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function parseTimestamp(value: unknown, field: string): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw invalidField(field, value);
  return new Date(value).toISOString();
}
