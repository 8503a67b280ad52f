/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation AddOrderPayments($input: AddOrderPaymentsInput!, $idempotencyKey: String) {\n  addOrderPayments(input: $input, idempotencyKey: $idempotencyKey) {\n    orderId\n    profileId\n    amountRemaining\n    paymentResponses {\n      paymentGroupId\n      type\n      paymentMethodType\n      amount\n      paymentState\n      maskedCardNumber\n      balance\n      uiIntervention\n      redirectUrl\n      message\n    }\n  }\n}": typeof types.AddOrderPaymentsDocument,
    "mutation CreateMyPayment($draft: MyPaymentDraft!, $idempotencyKey: String) {\n  createMyPayment(draft: $draft, idempotencyKey: $idempotencyKey) {\n    ...MyPaymentFields\n  }\n}": typeof types.CreateMyPaymentDocument,
    "query MyPayment($id: ID!) {\n  myPayment(id: $id) {\n    ...MyPaymentFields\n  }\n}": typeof types.MyPaymentDocument,
    "fragment MyPaymentFields on MyPayment {\n  id\n  version\n  amountPlanned {\n    currencyCode\n    centAmount\n    fractionDigits\n  }\n  paymentMethodInfo {\n    paymentInterface\n    method\n    nameAllLocales {\n      locale\n      value\n    }\n  }\n  transactions {\n    id\n    type\n    state\n    amount {\n      currencyCode\n      centAmount\n    }\n  }\n  createdAt\n  lastModifiedAt\n}": typeof types.MyPaymentFieldsFragmentDoc,
    "query MyPayments($first: Int, $after: String, $last: Int, $before: String, $sort: [String!], $where: String) {\n  myPayments(\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    sort: $sort\n    where: $where\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        ...MyPaymentFields\n      }\n    }\n  }\n}": typeof types.MyPaymentsDocument,
    "mutation UpdateMyPayment($id: ID!, $version: Long!, $actions: [MyPaymentUpdateAction!]!, $idempotencyKey: String) {\n  updateMyPayment(\n    id: $id\n    version: $version\n    actions: $actions\n    idempotencyKey: $idempotencyKey\n  ) {\n    ...MyPaymentFields\n  }\n}": typeof types.UpdateMyPaymentDocument,
};
const documents: Documents = {
    "mutation AddOrderPayments($input: AddOrderPaymentsInput!, $idempotencyKey: String) {\n  addOrderPayments(input: $input, idempotencyKey: $idempotencyKey) {\n    orderId\n    profileId\n    amountRemaining\n    paymentResponses {\n      paymentGroupId\n      type\n      paymentMethodType\n      amount\n      paymentState\n      maskedCardNumber\n      balance\n      uiIntervention\n      redirectUrl\n      message\n    }\n  }\n}": types.AddOrderPaymentsDocument,
    "mutation CreateMyPayment($draft: MyPaymentDraft!, $idempotencyKey: String) {\n  createMyPayment(draft: $draft, idempotencyKey: $idempotencyKey) {\n    ...MyPaymentFields\n  }\n}": types.CreateMyPaymentDocument,
    "query MyPayment($id: ID!) {\n  myPayment(id: $id) {\n    ...MyPaymentFields\n  }\n}": types.MyPaymentDocument,
    "fragment MyPaymentFields on MyPayment {\n  id\n  version\n  amountPlanned {\n    currencyCode\n    centAmount\n    fractionDigits\n  }\n  paymentMethodInfo {\n    paymentInterface\n    method\n    nameAllLocales {\n      locale\n      value\n    }\n  }\n  transactions {\n    id\n    type\n    state\n    amount {\n      currencyCode\n      centAmount\n    }\n  }\n  createdAt\n  lastModifiedAt\n}": types.MyPaymentFieldsFragmentDoc,
    "query MyPayments($first: Int, $after: String, $last: Int, $before: String, $sort: [String!], $where: String) {\n  myPayments(\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    sort: $sort\n    where: $where\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        ...MyPaymentFields\n      }\n    }\n  }\n}": types.MyPaymentsDocument,
    "mutation UpdateMyPayment($id: ID!, $version: Long!, $actions: [MyPaymentUpdateAction!]!, $idempotencyKey: String) {\n  updateMyPayment(\n    id: $id\n    version: $version\n    actions: $actions\n    idempotencyKey: $idempotencyKey\n  ) {\n    ...MyPaymentFields\n  }\n}": types.UpdateMyPaymentDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AddOrderPayments($input: AddOrderPaymentsInput!, $idempotencyKey: String) {\n  addOrderPayments(input: $input, idempotencyKey: $idempotencyKey) {\n    orderId\n    profileId\n    amountRemaining\n    paymentResponses {\n      paymentGroupId\n      type\n      paymentMethodType\n      amount\n      paymentState\n      maskedCardNumber\n      balance\n      uiIntervention\n      redirectUrl\n      message\n    }\n  }\n}"): (typeof documents)["mutation AddOrderPayments($input: AddOrderPaymentsInput!, $idempotencyKey: String) {\n  addOrderPayments(input: $input, idempotencyKey: $idempotencyKey) {\n    orderId\n    profileId\n    amountRemaining\n    paymentResponses {\n      paymentGroupId\n      type\n      paymentMethodType\n      amount\n      paymentState\n      maskedCardNumber\n      balance\n      uiIntervention\n      redirectUrl\n      message\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateMyPayment($draft: MyPaymentDraft!, $idempotencyKey: String) {\n  createMyPayment(draft: $draft, idempotencyKey: $idempotencyKey) {\n    ...MyPaymentFields\n  }\n}"): (typeof documents)["mutation CreateMyPayment($draft: MyPaymentDraft!, $idempotencyKey: String) {\n  createMyPayment(draft: $draft, idempotencyKey: $idempotencyKey) {\n    ...MyPaymentFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MyPayment($id: ID!) {\n  myPayment(id: $id) {\n    ...MyPaymentFields\n  }\n}"): (typeof documents)["query MyPayment($id: ID!) {\n  myPayment(id: $id) {\n    ...MyPaymentFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment MyPaymentFields on MyPayment {\n  id\n  version\n  amountPlanned {\n    currencyCode\n    centAmount\n    fractionDigits\n  }\n  paymentMethodInfo {\n    paymentInterface\n    method\n    nameAllLocales {\n      locale\n      value\n    }\n  }\n  transactions {\n    id\n    type\n    state\n    amount {\n      currencyCode\n      centAmount\n    }\n  }\n  createdAt\n  lastModifiedAt\n}"): (typeof documents)["fragment MyPaymentFields on MyPayment {\n  id\n  version\n  amountPlanned {\n    currencyCode\n    centAmount\n    fractionDigits\n  }\n  paymentMethodInfo {\n    paymentInterface\n    method\n    nameAllLocales {\n      locale\n      value\n    }\n  }\n  transactions {\n    id\n    type\n    state\n    amount {\n      currencyCode\n      centAmount\n    }\n  }\n  createdAt\n  lastModifiedAt\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MyPayments($first: Int, $after: String, $last: Int, $before: String, $sort: [String!], $where: String) {\n  myPayments(\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    sort: $sort\n    where: $where\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        ...MyPaymentFields\n      }\n    }\n  }\n}"): (typeof documents)["query MyPayments($first: Int, $after: String, $last: Int, $before: String, $sort: [String!], $where: String) {\n  myPayments(\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    sort: $sort\n    where: $where\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        ...MyPaymentFields\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateMyPayment($id: ID!, $version: Long!, $actions: [MyPaymentUpdateAction!]!, $idempotencyKey: String) {\n  updateMyPayment(\n    id: $id\n    version: $version\n    actions: $actions\n    idempotencyKey: $idempotencyKey\n  ) {\n    ...MyPaymentFields\n  }\n}"): (typeof documents)["mutation UpdateMyPayment($id: ID!, $version: Long!, $actions: [MyPaymentUpdateAction!]!, $idempotencyKey: String) {\n  updateMyPayment(\n    id: $id\n    version: $version\n    actions: $actions\n    idempotencyKey: $idempotencyKey\n  ) {\n    ...MyPaymentFields\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;