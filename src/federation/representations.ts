import { BadUserInputError } from '../errors/gatewayError.ts';
import { ID_PATTERN, MAX_ID_LENGTH } from '../validation/commercetoolsInput.ts';

/** The entity types this subgraph resolves (`@key` in subgraph.graphql). */
const ENTITY_TYPES = new Set(['MyPayment']);

/**
 * What is wrong with one `_entities` representation, as the error its entry gets, or undefined when it can be
 * looked up. Messages never repeat what the caller sent (it may hold anything, card numbers included).
 */
export function representationProblem(representation: unknown): BadUserInputError | undefined {
  if (representation === null || typeof representation !== 'object' || Array.isArray(representation)) {
    return new BadUserInputError('A representation must be an object such as {"__typename": "MyPayment", "id": "…"}.', 'representations');
  }
  const { __typename: typename, id } = representation as { __typename?: unknown; id?: unknown };
  if (typeof typename !== 'string' || !ENTITY_TYPES.has(typename)) {
    return new BadUserInputError('A representation\'s "__typename" must be "MyPayment", the one entity of this subgraph.', 'representations');
  }
  if (typeof id !== 'string') return new BadUserInputError('A MyPayment representation needs its "id" as a string.', 'representations');
  // An empty id (another subgraph's data without a payment) is null; any other must be a payment id, as for `myPayment`.
  if (id !== '' && !ID_PATTERN.test(id)) {
    return new BadUserInputError(`A MyPayment representation's "id" is not a payment id: 1 to ${MAX_ID_LENGTH} characters from A-Z, a-z, 0-9, "_" and "-".`, 'representations');
  }
  return undefined;
}
