import { BadUserInputError } from '../../errors/gatewayError.ts';
import type {
  CustomFieldsDraft,
  LocalizedStringInput,
  MoneyInput,
  MyPaymentDraft,
  MyTransactionDraft,
  PaymentMethodInfoInput,
  TransactionType,
} from '../../generated/graphql.ts';
import type { CtDraft, CtLocalizedString } from '../../upstreams/commercetools/types.ts';

/** My Payments only lets a customer add these transaction types. */
const MY_TRANSACTION_TYPES: ReadonlySet<TransactionType> = new Set<TransactionType>(['Authorization', 'Charge'] as TransactionType[]);

export function toCtPaymentDraft(draft: MyPaymentDraft, field = 'draft'): CtDraft {
  return compact({
    amountPlanned: toCtMoney(draft.amountPlanned, `${field}.amountPlanned`),
    paymentMethodInfo: draft.paymentMethodInfo ? toCtMethodInfo(draft.paymentMethodInfo, `${field}.paymentMethodInfo`) : undefined,
    transaction: draft.transaction ? toCtTransactionDraft(draft.transaction, `${field}.transaction`) : undefined,
    custom: draft.custom ? toCtCustomDraft(draft.custom, `${field}.custom`) : undefined,
  });
}

export function toCtMoney(money: MoneyInput, field: string): CtDraft {
  if (money.centAmount < 0n) throw new BadUserInputError('centAmount must not be negative.', `${field}.centAmount`);
  return { currencyCode: money.currencyCode, centAmount: money.centAmount };
}

export function toCtTransactionDraft(transaction: MyTransactionDraft, field: string): CtDraft {
  if (!MY_TRANSACTION_TYPES.has(transaction.type)) {
    throw new BadUserInputError('A shopper may only add Authorization or Charge transactions.', `${field}.type`);
  }
  return compact({
    timestamp: transaction.timestamp ?? undefined,
    type: transaction.type,
    amount: toCtMoney(transaction.amount, `${field}.amount`),
    interactionId: transaction.interactionId ?? undefined,
    custom: transaction.custom ? toCtCustomDraft(transaction.custom, `${field}.custom`) : undefined,
  });
}

function toCtMethodInfo(info: PaymentMethodInfoInput, field: string): CtDraft {
  return compact({
    paymentInterface: info.paymentInterface ?? undefined,
    method: info.method ?? undefined,
    name: info.name ? toCtLocalizedString(info.name, `${field}.name`) : undefined,
  });
}

export function toCtLocalizedString(entries: readonly LocalizedStringInput[], field: string): CtLocalizedString {
  const result: CtLocalizedString = {};
  for (const { locale, value } of entries) {
    if (locale in result) throw new BadUserInputError(`Locale "${locale}" is given twice.`, field);
    result[locale] = value;
  }
  return result;
}

export function toCtCustomDraft(custom: Pick<CustomFieldsDraft, 'typeKey' | 'typeId' | 'fields'>, field: string): CtDraft {
  const type = customTypeRef(custom.typeKey, custom.typeId, field);
  if (type === undefined) throw new BadUserInputError('Give the custom type as "typeKey" or "typeId".', `${field}.typeKey`);
  return { type, fields: fieldsObject(custom.fields, `${field}.fields`) };
}

export function customTypeRef(typeKey: string | null | undefined, typeId: string | null | undefined, field: string): CtDraft | undefined {
  if (typeKey != null && typeId != null) throw new BadUserInputError('Give "typeKey" or "typeId", not both.', `${field}.typeKey`);
  if (typeKey != null) return { typeId: 'type', key: typeKey };
  if (typeId != null) return { typeId: 'type', id: typeId };
  return undefined;
}

export function fieldsObject(fields: unknown, field: string): Record<string, unknown> {
  if (fields == null) return {};
  if (typeof fields !== 'object' || Array.isArray(fields)) throw new BadUserInputError('Custom "fields" must be a JSON object.', field);
  return fields as Record<string, unknown>;
}

/** Drops absent members so the upstream sees only what the client set. */
export function compact(record: Record<string, unknown>): CtDraft {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
