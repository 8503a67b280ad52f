import { BadUserInputError } from '../../errors/gatewayError.ts';
import type { MyPaymentUpdateAction } from '../../generated/graphql.ts';
import type { CtUpdateAction } from '../../upstreams/commercetools/types.ts';
import { compact, customTypeRef, fieldsObject, toCtLocalizedString, toCtMoney, toCtTransactionDraft } from './drafts.ts';

type ActionName = keyof MyPaymentUpdateAction;
type ActionMapper<K extends ActionName> = (input: NonNullable<MyPaymentUpdateAction[K]>, field: string) => CtUpdateAction;

/** One mapper per REST update action; the GraphQL field name is the REST action name. */
const ACTION_MAPPERS: { [K in ActionName]-?: ActionMapper<K> } = {
  addTransaction: (input, field) => ({ action: 'addTransaction', transaction: toCtTransactionDraft(input.transaction, `${field}.transaction`) }),
  changeAmountPlanned: (input, field) => ({ action: 'changeAmountPlanned', amount: toCtMoney(input.amount, `${field}.amount`) }),
  setCustomField: (input) => ({ action: 'setCustomField', ...compact({ name: input.name, value: input.value ?? undefined }) }),
  setMethodInfoCustomField: (input) => ({ action: 'setMethodInfoCustomField', ...compact({ name: input.name, value: input.value ?? undefined }) }),
  setMethodInfoCustomType: (input, field) => {
    const type = customTypeRef(input.typeKey, input.typeId, field);
    return { action: 'setMethodInfoCustomType', ...compact({ type, fields: type ? fieldsObject(input.fields, `${field}.fields`) : undefined }) };
  },
  setMethodInfoInterface: (input) => ({ action: 'setMethodInfoInterface', interface: input.interface }),
  setMethodInfoInterfaceAccount: (input) => ({ action: 'setMethodInfoInterfaceAccount', ...compact({ interfaceAccount: input.interfaceAccount ?? undefined }) }),
  setMethodInfoMethod: (input) => ({ action: 'setMethodInfoMethod', ...compact({ method: input.method ?? undefined }) }),
  setMethodInfoName: (input, field) => ({
    action: 'setMethodInfoName',
    ...compact({ name: input.name && input.name.length > 0 ? toCtLocalizedString(input.name, `${field}.name`) : undefined }),
  }),
  setTransactionCustomField: (input) => ({
    action: 'setTransactionCustomField',
    ...compact({ transactionId: input.transactionId, name: input.name, value: input.value ?? undefined }),
  }),
};

/** Each element must set exactly one action; checked for all elements before anything is sent upstream. */
export function toCtUpdateActions(actions: readonly MyPaymentUpdateAction[]): CtUpdateAction[] {
  if (actions.length === 0) throw new BadUserInputError('Give at least one update action.', 'actions');
  if (actions.length > 500) throw new BadUserInputError('At most 500 update actions per call.', 'actions');
  return actions.map((action, index) => {
    const field = `actions[${index}]`;
    // The `@oneOf` rule, for the compiled path whose variables graphql-jit coerces without it: an explicit null counts.
    const set = (Object.keys(action) as ActionName[]).filter((name) => action[name] !== undefined);
    if (set.length !== 1) {
      throw new BadUserInputError(`Each update action sets exactly one field; ${field} sets ${set.length === 0 ? 'none' : set.join(', ')}.`, field);
    }
    const name = set[0]!;
    if (action[name] === null) throw new BadUserInputError(`${field}.${name} must not be null.`, `${field}.${name}`);
    const mapper = ACTION_MAPPERS[name] as ActionMapper<typeof name>;
    return mapper(action[name] as never, `${field}.${name}`);
  });
}
