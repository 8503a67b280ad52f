/** Every field of MyPayment, as a front end exploring the API would select them. */
export const PAYMENT_FIELDS = `
  id version anonymousId createdAt lastModifiedAt
  customer { id }
  amountPlanned { type currencyCode centAmount fractionDigits preciseAmount }
  paymentMethodInfo { paymentInterface method name(locale: "en") nameAllLocales { locale value } custom { type { id } fields } }
  transactions { id timestamp type state interactionId amount { currencyCode centAmount fractionDigits } custom { type { id } fields } }
  custom { type { id } fields }
`;

export interface PaymentView {
  id: string;
  version: number;
  customer: { id: string } | null;
  anonymousId: string | null;
  amountPlanned: { type: string; currencyCode: string; centAmount: number | string; fractionDigits: number };
  paymentMethodInfo: { paymentInterface: string | null; method: string | null; name: string | null; nameAllLocales: Array<{ locale: string; value: string }> | null; custom: { fields: Record<string, unknown> } | null };
  transactions: Array<{ id: string; type: string; state: string; interactionId: string | null; amount: { centAmount: number | string }; custom: { fields: Record<string, unknown> } | null }>;
  custom: { type: { id: string }; fields: Record<string, unknown> } | null;
}

export const CREATE = `mutation Create($draft: MyPaymentDraft!) { createMyPayment(draft: $draft) { ${PAYMENT_FIELDS} } }`;
export const UPDATE = `mutation Update($id: ID!, $version: Long!, $actions: [MyPaymentUpdateAction!]!) {
  updateMyPayment(id: $id, version: $version, actions: $actions) { ${PAYMENT_FIELDS} }
}`;
export const DELETE = `mutation Delete($id: ID!, $version: Long!) { deleteMyPayment(id: $id, version: $version) { id version } }`;
export const GET = `query Get($id: ID!) { myPayment(id: $id) { ${PAYMENT_FIELDS} } }`;
export const PAGE = `query Page($where: String, $sort: [String!], $first: Int, $after: String, $last: Int, $before: String, $withTotal: Boolean) {
  myPayments(where: $where, sort: $sort, first: $first, after: $after, last: $last, before: $before, withTotal: $withTotal) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id amountPlanned { centAmount } } }
    nodes { id }
  }
}`;

export interface PageView {
  totalCount: number | null;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: Array<{ cursor: string; node: { id: string; amountPlanned: { centAmount: number } } }>;
  nodes: Array<{ id: string }>;
}
