/**
 * Browser code (bundled by esbuild in apolloClientPaging.test.ts): a checkout front end on another localhost origin
 * pages through `myPayments` with Apollo Client 4 and `relayStylePagination`, using the project's own typed
 * document. Another client creates a payment after the first page. The outcome is left on `globalThis` for the test.
 */
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { MyPaymentsDocument, type MyPaymentsQuery, type MyPaymentsQueryVariables } from '../../src/generated/client/graphql.ts';

interface PagingPage {
  location: { search: string };
  /** Exposed by the test: creates a payment through another connection, as another tab or device would. */
  createPaymentElsewhere(): Promise<string>;
  pagingResult?: { ids: string[]; requests: number } | { error: string };
}

const page = globalThis as unknown as PagingPage;
const params = new URLSearchParams(page.location.search);
let requests = 0;

const client = new ApolloClient({
  link: new HttpLink({
    uri: params.get('gateway') ?? '',
    headers: { authorization: `Bearer ${params.get('token') ?? ''}` },
    fetch: (input, init) => {
      requests++;
      return fetch(input, init);
    },
  }),
  cache: new InMemoryCache({ typePolicies: { Query: { fields: { myPayments: relayStylePagination(['where', 'sort']) } } } }),
});

async function run(): Promise<string[]> {
  const variables: MyPaymentsQueryVariables = { first: 3, sort: ['createdAt desc'] };
  const query = client.watchQuery({ query: MyPaymentsDocument, variables });
  const firstPage = new Promise<void>((resolve, reject) => {
    query.subscribe({ next: (result) => (result.dataState === 'complete' ? resolve() : undefined), error: reject });
  });
  await firstPage;
  const read = (): MyPaymentsQuery['myPayments'] => {
    const data = client.readQuery({ query: MyPaymentsDocument, variables });
    if (!data) throw new Error('myPayments is not in the cache');
    return data.myPayments;
  };

  // Newest first, so the new payment lands before the page already shown.
  await page.createPaymentElsewhere();

  for (let guard = 0; read().pageInfo.hasNextPage; guard++) {
    if (guard > 20) throw new Error('paging forward did not end');
    await query.fetchMore({ variables: { after: read().pageInfo.endCursor } });
  }
  // Back from the first payment shown: anything created since sits before it.
  for (let guard = 0; ; guard++) {
    if (guard > 20) throw new Error('paging back did not end');
    const before = read().pageInfo.startCursor;
    const { data } = await query.fetchMore({ variables: { first: null, after: null, last: 3, before } });
    if (!data?.myPayments.pageInfo.hasPreviousPage) break;
  }
  return read().edges.map((edge) => edge.node.id);
}

run().then(
  (ids) => {
    page.pagingResult = { ids, requests };
  },
  (error: unknown) => {
    page.pagingResult = { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  },
);
