import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { BadUserInputError } from '../errors/gatewayError.ts';
import { resolvers } from '../resolvers/index.ts';
import { loadTypeDefs } from '../schema.ts';
import type { CtMyPayment } from '../upstreams/commercetools/types.ts';

const FEDERATION_SDL = readFileSync(new URL('./subgraph.graphql', import.meta.url), 'utf8');

/**
 * The same schema and resolvers as a Federation 2 subgraph: `MyPayment @key(fields: "id")`, `_service` and
 * `_entities`. An entity is looked up through the request's `paymentById` DataLoader, so a router's hundred
 * representations are one upstream call, with the caller's own token: someone else's payment is null, as for `myPayment`.
 */
export function buildPaymentsSubgraphSchema(): GraphQLSchema {
  const typeDefs = parse([...loadTypeDefs(), FEDERATION_SDL].join('\n'));
  const subgraphResolvers = {
    ...resolvers,
    MyPayment: { ...resolvers.MyPayment, __resolveReference: resolvePaymentReference },
  };
  // Apollo's resolver map type is looser than codegen's `Resolvers` (and does not know `__resolveReference`).
  return buildSubgraphSchema({ typeDefs, resolvers: subgraphResolvers as unknown as SubgraphResolvers });
}

type SubgraphResolvers = NonNullable<Extract<Parameters<typeof buildSubgraphSchema>[0], { resolvers?: unknown }>['resolvers']>;

function resolvePaymentReference(reference: { id?: unknown }, context: GatewayContext): Promise<CtMyPayment | null> | null {
  if (typeof reference.id !== 'string') throw new BadUserInputError('A MyPayment representation needs its "id" as a string.', 'representations');
  return reference.id === '' ? null : context.commercetools.loaders.paymentById.load(reference.id);
}
