import { BadUserInputError } from '../../errors/gatewayError.ts';
import type { MutationResolvers } from '../../generated/graphql.ts';
import { withIdempotency, type IdempotentMutation } from '../../idempotency/withIdempotency.ts';
import { toCtPaymentDraft } from '../../mappers/commercetools/drafts.ts';
import { toCtUpdateActions } from '../../mappers/commercetools/updateActions.ts';
import { checkId } from '../../validation/commercetoolsInput.ts';
import { shopperIdentity } from './shopperIdentity.ts';

/** A shopper's keys belong to their account, or to their bearer token without introspection (see shopperIdentity). */
const asShopper = <TArgs>(name: string): IdempotentMutation<TArgs> => ({
  name,
  upstream: 'commercetools',
  keyScope: (_args, context) => shopperIdentity(context),
});

export const createMyPayment = withIdempotency(asShopper('createMyPayment'), async (_parent, { draft }, { commercetools }) =>
  commercetools.client.create(commercetools.caller, toCtPaymentDraft(draft)),
) satisfies NonNullable<MutationResolvers['createMyPayment']>;

export const updateMyPayment = withIdempotency(asShopper('updateMyPayment'), async (_parent, { id, version, actions }, { commercetools }) =>
  commercetools.client.update(commercetools.caller, checkId(id, 'id'), toVersion(version), toCtUpdateActions(actions)),
) satisfies NonNullable<MutationResolvers['updateMyPayment']>;

export const deleteMyPayment = withIdempotency(asShopper('deleteMyPayment'), async (_parent, { id, version }, { commercetools }) =>
  commercetools.client.delete(commercetools.caller, checkId(id, 'id'), toVersion(version)),
) satisfies NonNullable<MutationResolvers['deleteMyPayment']>;

function toVersion(version: bigint): number {
  if (version < 1n || version > BigInt(Number.MAX_SAFE_INTEGER)) throw new BadUserInputError('"version" must be a positive resource version.', 'version');
  return Number(version);
}
