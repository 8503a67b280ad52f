import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { resolvers } from '../resolvers/index.ts';
import { loadTypeDefs } from '../schema.ts';
import type { CtMyPayment } from '../upstreams/commercetools/types.ts';
import { representationProblem } from './representations.ts';

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
  const schema = buildSubgraphSchema({ typeDefs, resolvers: subgraphResolvers as unknown as SubgraphResolvers });
  checkEachRepresentation(schema);
  return schema;
}

type SubgraphResolvers = NonNullable<Extract<Parameters<typeof buildSubgraphSchema>[0], { resolvers?: unknown }>['resolvers']>;

/** Only representations `representationProblem` accepted get here: the id is a payment id, or empty. */
function resolvePaymentReference(reference: { id: string }, context: GatewayContext): Promise<CtMyPayment | null> | null {
  return reference.id === '' ? null : context.commercetools.loaders.paymentById.load(reference.id);
}

/**
 * Apollo's `_entities` resolver throws at the first representation it cannot use, which fails the whole list (and
 * masks a caller's mistake as INTERNAL_SERVER_ERROR). Here each representation is checked on its own: a bad one is
 * that entry's BAD_USER_INPUT error (null in the list), and the others are still answered.
 */
function checkEachRepresentation(schema: GraphQLSchema): void {
  const field = schema.getQueryType()?.getFields()._entities;
  const resolveAll = field?.resolve;
  if (field === undefined || resolveAll === undefined) throw new Error('the subgraph schema has no _entities resolver');
  const resolveEach: GraphQLFieldResolver<unknown, GatewayContext, { representations: unknown[] }> = (source, args, context, info) =>
    args.representations.map((representation) => {
      const problem = representationProblem(representation);
      if (problem !== undefined) return problem;
      try {
        return (resolveAll(source, { representations: [representation] }, context, info) as unknown[])[0];
      } catch (error) {
        return error;
      }
    });
  field.resolve = resolveEach as GraphQLFieldResolver<unknown, unknown>;
}
