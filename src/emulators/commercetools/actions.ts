import { invalidField, invalidInput, invalidOperation, requiredField } from './errors.ts';
import { normalizeJson, parseCustomDraft } from './custom.ts';
import { optionalString, parseLocalizedString, parseTransactionDraft } from './drafts.ts';
import { parseMoneyDraft } from './money.ts';
import { isObject } from './types.ts';
import type { CtCustomFields, CtPayment, JsonObject } from './types.ts';

type ActionHandler = (payment: CtPayment, action: JsonObject, now: string) => void;

/** The ten REST update actions of My Payments; each mutates a working copy, so a throw leaves nothing applied. */
const ACTIONS: Record<string, ActionHandler> = {
  addTransaction(payment, action, now) {
    if (action['transaction'] === undefined || action['transaction'] === null) throw requiredField('transaction');
    payment.transactions.push(parseTransactionDraft(action['transaction'], 'transaction', now));
  },
  changeAmountPlanned(payment, action) {
    payment.amountPlanned = parseMoneyDraft(action['amount'], 'amount');
  },
  setCustomField(payment, action) {
    setCustomField(payment.custom, action, 'payment');
  },
  setMethodInfoCustomField(payment, action) {
    setCustomField(payment.paymentMethodInfo.custom, action, 'paymentMethodInfo');
  },
  setMethodInfoCustomType(payment, action) {
    const type = action['type'];
    if (type === undefined || type === null) {
      delete payment.paymentMethodInfo.custom;
      return;
    }
    payment.paymentMethodInfo.custom = parseCustomDraft({ type, fields: action['fields'] }, 'custom');
  },
  setMethodInfoInterface(payment, action) {
    const value = action['interface'];
    if (value === undefined || value === null) throw requiredField('interface');
    if (typeof value !== 'string' || value === '') throw invalidField('interface', value);
    const current = payment.paymentMethodInfo.paymentInterface;
    if (current !== undefined && current !== value) {
      throw invalidOperation(`The paymentInterface is already set to '${current}' and cannot be changed.`);
    }
    payment.paymentMethodInfo.paymentInterface = value;
  },
  setMethodInfoInterfaceAccount(payment, action) {
    setOptional(payment, 'interfaceAccount', optionalString(action['interfaceAccount'], 'interfaceAccount'));
  },
  setMethodInfoMethod(payment, action) {
    setOptional(payment, 'method', optionalString(action['method'], 'method'));
  },
  setMethodInfoName(payment, action) {
    const name = parseLocalizedString(action['name'], 'name');
    if (name === undefined) delete payment.paymentMethodInfo.name;
    else payment.paymentMethodInfo.name = name;
  },
  setTransactionCustomField(payment, action) {
    const transactionId = action['transactionId'];
    if (typeof transactionId !== 'string') throw requiredField('transactionId');
    const transaction = payment.transactions.find((t) => t.id === transactionId);
    if (!transaction) throw invalidInput(`The payment has no transaction with id '${transactionId}'.`);
    setCustomField(transaction.custom, action, 'transaction');
  },
};

export const ACTION_NAMES = Object.keys(ACTIONS);

export function applyAction(payment: CtPayment, action: unknown, index: number, now: string): void {
  if (!isObject(action)) throw invalidInput(`actions[${index}] must be an object.`);
  const name = action['action'];
  if (typeof name !== 'string') throw requiredField(`actions[${index}].action`);
  const handler = Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
  if (!handler) throw invalidInput(`Unknown update action '${name}'.`);
  handler(payment, action, now);
}

function setOptional(payment: CtPayment, key: 'method' | 'interfaceAccount', value: string | undefined): void {
  if (value === undefined) delete payment.paymentMethodInfo[key];
  else payment.paymentMethodInfo[key] = value;
}

function setCustomField(custom: CtCustomFields | undefined, action: JsonObject, owner: string): void {
  const name = action['name'];
  if (typeof name !== 'string' || name === '') throw requiredField('name');
  if (!custom) throw invalidOperation(`The ${owner} has no custom type; set one before setting custom fields.`);
  const value = action['value'];
  if (value === undefined || value === null) {
    if (!Object.hasOwn(custom.fields, name)) {
      throw invalidOperation(`Cannot remove the custom field '${name}' because it does not exist.`);
    }
    delete custom.fields[name];
    return;
  }
  custom.fields[name] = normalizeJson(value);
}

