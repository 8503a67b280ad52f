import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import type { DocumentNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateMyPaymentDocument, MyPaymentDocument } from '../../src/generated/client/graphql.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * The README's flow for a web app: codegen's manifest as PERSISTED_DOCUMENTS with SAFELIST=enforce, and Apollo
 * Client 4 sending each operation by the hash codegen put on its typed document.
 */
describe('Apollo Client 4 on the codegen manifest (SAFELIST=enforce)', () => {
  let stack: TestStack;
  let client: ApolloClient;

  beforeAll(async () => {
    stack = await startTestStack({ PERSISTED_DOCUMENTS: 'src/generated/client/persisted-documents.json', SAFELIST: 'enforce' });
    const { token } = await stack.ct.createCustomerToken();
    const hashOf = (document: DocumentNode) => (document as unknown as { __meta__: { hash: string } }).__meta__.hash;
    client = new ApolloClient({
      cache: new InMemoryCache(),
      link: new PersistedQueryLink({ generateHash: hashOf }).concat(new HttpLink({ uri: stack.gateway.url, headers: { authorization: `Bearer ${token}` } })),
    });
  });
  afterAll(() => stack.close());

  it('creates and reads a payment whole: the manifest documents carry __typename for the cache', async () => {
    const created = await client.mutate({ mutation: CreateMyPaymentDocument, variables: { draft: { amountPlanned: { currencyCode: 'EUR', centAmount: 1234 } } } });
    const id = created.data?.createMyPayment.id;
    expect(id).toEqual(expect.any(String));
    const read = await client.query({ query: MyPaymentDocument, variables: { id: id! }, fetchPolicy: 'network-only' });
    expect(read.data?.myPayment).toMatchObject({ id, amountPlanned: { currencyCode: 'EUR', centAmount: 1234 } });
  });
});
