import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { getNamedType, getVariableValues, isLeafType, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { GatewayContext } from '../context.ts';
import { OperationLimitError } from './limitError.ts';
import { createCostCache } from './costCache.ts';

/** What a list field without `first`/`last` is assumed to return (the connections' default page size). */
export const DEFAULT_PAGE_SIZE = 20;

/**
 * The default limit, from what the schema promises: `myPayments(first: 500)` with every field costs
 * 1 + 500 × 28 = 14,001 (28 objects per payment: 14 under `edges { node }`, 14 again under `nodes`), and a client
 * may run it. 15,000 leaves room for a few small fields beside it; two such pages (28,002) are refused.
 * test/commercetools/largestPage.test.ts builds that query from the schema and runs it.
 */
export const DEFAULT_MAX_COST = 15_000;

/**
 * Scalars are free, every object field costs 1, and a paged field (one with `first`/`last` arguments)
 * multiplies its selection by the page size asked for: `myPayments(first: 500)` costs 100 times `first: 5`.
 */
export function pagedCostEstimator(defaultPageSize = DEFAULT_PAGE_SIZE): ComplexityEstimator {
  return ({ field, args, childComplexity }) => {
    const own = isLeafType(getNamedType(field.type)) ? 0 : 1;
    if (!field.args.some((arg) => arg.name === 'first' || arg.name === 'last')) return own + childComplexity;
    const first: unknown = args.first;
    const last: unknown = args.last;
    const size = pageSize(first) ?? pageSize(last) ?? defaultPageSize;
    return own + size * childComplexity;
  };
}

function pageSize(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Refuses an operation over the cost limit; shared by the Apollo plugin and the fast path (one cache). */
export type CostCheck = (document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>) => void;

/**
 * The cost limit runs after the operation is resolved because the cost depends on the variables (a
 * validation rule is cached per document and never sees them). Estimators are built once, here.
 * Throws OperationLimitError (answered with HTTP 400); invalid variables are left to execution (BAD_USER_INPUT).
 */
export function createCostCheck(schema: GraphQLSchema, maxCost: number): CostCheck {
  const estimators = [pagedCostEstimator()];
  // Costing walks the whole operation with type info on every request; the same operation and page sizes cost the same.
  const cache = createCostCache();
  return (document, operation, variables) => {
    if (cache.get(document, operation, variables) !== undefined) return; // only costs within the limit are kept
    let cost: number;
    try {
      cost = getComplexity({ schema, query: document, variables, operationName: operation.name?.value, estimators });
      if (cost <= maxCost) cache.set(document, operation, variables, cost);
    } catch {
      // Invalid variables: execution reports them as BAD_USER_INPUT before any resolver runs.
      if (getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors) return;
      cost = Number.POSITIVE_INFINITY; // graphql-query-complexity's node limit
    }
    if (cost > maxCost) {
      throw new OperationLimitError(
        Number.isFinite(cost) ? `Operation cost ${cost} exceeds the limit of ${maxCost}.` : `Operation is too large to cost (limit ${maxCost}).`,
      );
    }
  };
}

export function costLimitPlugin(check: CostCheck): ApolloServerPlugin<GatewayContext> {
  const listener: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation({ document, operation, request, response }) {
      if (operation === undefined) return; // Apollo reports the missing operation itself
      try {
        check(document, operation, request.variables ?? {});
      } catch (error) {
        response.http.status = 400;
        throw error;
      }
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
