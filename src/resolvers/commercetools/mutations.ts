import { BadUserInputError } from '../../errors/gatewayError.ts';
import type { MutationResolvers } from '../../generated/graphql.ts';
import { toCtPaymentDraft } from '../../mappers/commercetools/drafts.ts';
import { toCtUpdateActions } from '../../mappers/commercetools/updateActions.ts';
import { checkId } from '../../validation/commercetoolsInput.ts';

export const createMyPayment: NonNullable<MutationResolvers['createMyPayment']> = (_parent, { draft }, { commercetools }) =>
  commercetools.client.create(commercetools.caller, toCtPaymentDraft(draft));

export const updateMyPayment: NonNullable<MutationResolvers['updateMyPayment']> = (_parent, { id, version, actions }, { commercetools }) => {
  const checkedId = checkId(id, 'id');
  return commercetools.client.update(commercetools.caller, checkedId, toVersion(version), toCtUpdateActions(actions));
};

export const deleteMyPayment: NonNullable<MutationResolvers['deleteMyPayment']> = (_parent, { id, version }, { commercetools }) =>
  commercetools.client.delete(commercetools.caller, checkId(id, 'id'), toVersion(version));

function toVersion(version: bigint): number {
  if (version < 1n || version > BigInt(Number.MAX_SAFE_INTEGER)) throw new BadUserInputError('"version" must be a positive resource version.', 'version');
  return Number(version);
}
