import { randomUUID } from 'node:crypto';
import { applyAction } from './actions.ts';
import { parsePaymentDraft } from './drafts.ts';
import {
  concurrentModification,
  invalidField,
  invalidInput,
  invalidOperation,
  requiredField,
  resourceNotFound,
} from './errors.ts';
import { matches } from './predicates.ts';
import type { PredicateNode } from './predicates.ts';
import type { PaymentComparator } from './sort.ts';
import { isObject } from './types.ts';
import type { CtPayment, Principal } from './types.ts';

export interface PaymentQuery {
  where: PredicateNode[];
  order: PaymentComparator;
  limit: number;
  offset: number;
  withTotal: boolean;
}

export interface PaymentPage {
  limit: number;
  offset: number;
  count: number;
  total?: number;
  results: CtPayment[];
}

/** Payments in memory. Every read and write is scoped to the caller, so another owner's payment is simply absent. */
export class PaymentStore {
  private readonly payments = new Map<string, CtPayment>();
  private lastTimestamp = 0;

  /** Strictly increasing, so payments created in the same millisecond still sort by creation. */
  nextTimestamp(): string {
    this.lastTimestamp = Math.max(Date.now(), this.lastTimestamp + 1);
    return new Date(this.lastTimestamp).toISOString();
  }

  /** `id` is given only by the demo seed, whose payments keep their ids across restarts. */
  create(owner: Principal, body: unknown, id: string = randomUUID()): CtPayment {
    const now = this.nextTimestamp();
    const draft = parsePaymentDraft(body, now);
    const payment: CtPayment = {
      id,
      version: 1,
      createdAt: now,
      lastModifiedAt: now,
      amountPlanned: draft.amountPlanned,
      ...(owner.kind === 'customer' ? { customer: { typeId: 'customer', id: owner.id } } : { anonymousId: owner.id }),
      paymentMethodInfo: draft.paymentMethodInfo,
      transactions: draft.transaction ? [draft.transaction] : [],
      ...(draft.custom ? { custom: draft.custom } : {}),
    };
    this.payments.set(payment.id, payment);
    return structuredClone(payment);
  }

  get(owner: Principal, id: string): CtPayment {
    return structuredClone(this.owned(owner, id));
  }

  exists(owner: Principal, id: string): boolean {
    const payment = this.payments.get(id);
    return payment !== undefined && isOwnedBy(payment, owner);
  }

  update(owner: Principal, id: string, body: unknown): CtPayment {
    const current = this.owned(owner, id);
    if (!isObject(body)) throw invalidField('body', body);
    const version = parseVersion(body['version']);
    const actions = body['actions'];
    if (actions === undefined || actions === null) throw requiredField('actions');
    if (!Array.isArray(actions)) throw invalidField('actions', actions);
    if (version !== current.version) throw concurrentModification(id, version, current.version);
    assertUnlocked(current, 'updated');
    if (actions.length === 0) return structuredClone(current);
    const now = this.nextTimestamp();
    // Work on a copy so a failing action leaves the stored payment untouched.
    const next = structuredClone(current);
    actions.forEach((action, index) => applyAction(next, action, index, now));
    next.version = current.version + 1;
    next.lastModifiedAt = now;
    this.payments.set(id, next);
    return structuredClone(next);
  }

  delete(owner: Principal, id: string, versionParam: string | null): CtPayment {
    const current = this.owned(owner, id);
    if (versionParam === null || versionParam === '') throw requiredField('version');
    if (!/^\d+$/.test(versionParam)) throw invalidInput(`Malformed parameter: version: Invalid Long '${versionParam}'.`);
    const version = Number(versionParam);
    if (version !== current.version) throw concurrentModification(id, version, current.version);
    assertUnlocked(current, 'deleted');
    this.payments.delete(id);
    return structuredClone(current);
  }

  query(owner: Principal, query: PaymentQuery): PaymentPage {
    const all = this.matching(owner, query.where).sort(query.order);
    const results = all.slice(query.offset, query.offset + query.limit).map((p) => structuredClone(p));
    const total = query.withTotal ? { total: all.length } : {};
    return { limit: query.limit, offset: query.offset, count: results.length, ...total, results };
  }

  any(owner: Principal, where: PredicateNode[]): boolean {
    return this.matching(owner, where).length > 0;
  }

  private matching(owner: Principal, where: PredicateNode[]): CtPayment[] {
    return [...this.payments.values()].filter((p) => isOwnedBy(p, owner) && where.every((node) => matches(node, p)));
  }

  private owned(owner: Principal, id: string): CtPayment {
    const payment = this.payments.get(id);
    if (!payment || !isOwnedBy(payment, owner)) throw resourceNotFound(id);
    return payment;
  }
}

function isOwnedBy(payment: CtPayment, owner: Principal): boolean {
  return owner.kind === 'customer' ? payment.customer?.id === owner.id : payment.anonymousId === owner.id;
}

/** My Payments stops at the first transaction: from then on only the back office may change the payment. */
function assertUnlocked(payment: CtPayment, what: 'updated' | 'deleted'): void {
  if (payment.transactions.length > 0) {
    throw invalidOperation(`A Payment that has transactions can no longer be ${what} using the My Payments API.`);
  }
}

function parseVersion(value: unknown): number {
  if (value === undefined || value === null) throw requiredField('version');
  const raw = typeof value === 'object' || typeof value === 'number' ? String(value) : undefined;
  if (raw === undefined || !/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw invalidField('version', value);
  return Number(raw);
}
