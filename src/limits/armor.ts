import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorCallbackConfiguration } from '@escape.tech/graphql-armor-types';
import type { ValidationRule } from 'graphql';
import type { GatewayConfig } from '../config.ts';
import { OperationLimitError } from './limitError.ts';

/**
 * Depth, alias and directive limits as graphql-armor validation rules. They run once per distinct document
 * (Apollo caches validated documents), and report OPERATION_LIMIT_EXCEEDED instead of armor's BAD_USER_INPUT.
 * Not taken from armor: tokens (graphql-js' own `parseOptions.maxTokens` counts while parsing, no second
 * parse), cost (src/limits/cost.ts needs the variables) and suggestions (Apollo's
 * `hideSchemaDetailsFromClientErrors` removes them without a per-request plugin).
 */
export function createLimitRules(limits: Readonly<GatewayConfig['limits']>): ValidationRule[] {
  const { validationRules } = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true, ...reportAsLimit() },
    maxAliases: { n: limits.maxAliases, ...reportAsLimit() },
    maxDirectives: { n: limits.maxDirectives, ...reportAsLimit() },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return validationRules;
}

/** A fresh callback list per rule: armor mutates the configuration objects it is given. */
function reportAsLimit(): GraphQLArmorCallbackConfiguration {
  return {
    propagateOnRejection: false,
    onReject: [(context, error) => context?.reportError(new OperationLimitError(error.message.replace(/^Syntax Error: /, '')))],
  };
}
