import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import { BadUserInputError } from '../errors/gatewayError.ts';

/** The mutations that move money or change a payment: the ones that take a key. */
export const PAYMENT_MUTATIONS: ReadonlySet<string> = new Set(['createMyPayment', 'updateMyPayment', 'deleteMyPayment', 'addOrderPayments']);

const PRINTABLE_ASCII = /^[\x20-\x7E]{1,255}$/;

/**
 * The key of this mutation: its `idempotencyKey` argument, or the `Idempotency-Key` header when the operation holds
 * exactly one payment mutation (a header cannot say which of several it belongs to). Undefined: no key.
 */
export function clientKeyOf(argument: string | null | undefined, header: string | undefined, info: GraphQLResolveInfo): string | undefined {
  if (argument != null) {
    if (!isValidKey(argument)) {
      throw new BadUserInputError('idempotencyKey must be 1 to 255 printable ASCII characters, not all spaces.', 'idempotencyKey');
    }
    if (header !== undefined && fromHeader(header) !== argument) {
      throw new BadUserInputError('The Idempotency-Key header and the idempotencyKey argument differ; send one of them.', 'idempotencyKey');
    }
    return argument;
  }
  if (header === undefined) return undefined;
  const key = fromHeader(header);
  if (key === undefined) throw new BadUserInputError('The Idempotency-Key header must be 1 to 255 printable ASCII characters, not all spaces.', 'Idempotency-Key');
  if (paymentMutationCount(info.operation.selectionSet.selections) !== 1) {
    throw new BadUserInputError(
      'The Idempotency-Key header applies to an operation with exactly one payment mutation; give each mutation its own idempotencyKey argument instead.',
      'Idempotency-Key',
    );
  }
  return key;
}

/** The IETF draft sends a structured-field string (`"8e03…"`); a bare token is accepted too. */
function fromHeader(header: string): string | undefined {
  const trimmed = header.trim();
  const unquoted = /^"((?:[^"\\]|\\["\\])*)"$/.exec(trimmed)?.[1]?.replace(/\\(["\\])/g, '$1') ?? trimmed;
  return isValidKey(unquoted) ? unquoted : undefined;
}

/** Blank is a client's bug (an unset value padded), not a key: every such request would share it. */
function isValidKey(key: string): boolean {
  return PRINTABLE_ASCII.test(key) && key.trim() !== '';
}

function paymentMutationCount(selections: readonly SelectionNode[]): number {
  let count = 0;
  for (const selection of selections) {
    if (selection.kind === Kind.FIELD) count += PAYMENT_MUTATIONS.has((selection as FieldNode).name.value) ? 1 : 0;
    // A fragment at the root may hold more; count it as "several" rather than guess.
    else count += 2;
  }
  return count;
}
