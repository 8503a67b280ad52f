import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type DocumentNode } from 'graphql';

/** A second, small subgraph owning orders; each order references a payment of the payments subgraph by id. */
export const ORDERS_SDL: DocumentNode = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  type Order @key(fields: "id") {
    id: ID!
    payment: MyPayment
  }

  type MyPayment @key(fields: "id", resolvable: false) {
    id: ID!
  }

  type Query {
    orders: [Order!]!
  }
`);

export interface OrdersSubgraph {
  url: string;
  /** The orders `orders` answers, each with the payment id it references. */
  orders: Array<{ id: string; paymentId: string }>;
  close(): Promise<void>;
}

export async function startOrdersSubgraph(): Promise<OrdersSubgraph> {
  const subgraph: Pick<OrdersSubgraph, 'orders'> = { orders: [] };
  const server = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs: ORDERS_SDL,
      resolvers: {
        Query: { orders: () => subgraph.orders },
        Order: { payment: (order: { paymentId: string }) => ({ __typename: 'MyPayment', id: order.paymentId }) },
      },
    }),
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return Object.assign(subgraph, { url, close: () => server.stop() });
}
