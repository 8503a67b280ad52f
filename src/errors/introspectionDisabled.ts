/** Apollo's rule says "pass introspection: true to ApolloServer"; a gateway user can only set the gateway's variable. */
export const INTROSPECTION_DISABLED_MESSAGE =
  'Introspection is turned off on this gateway (INTROSPECTION=false, the default when NODE_ENV=production), so ' +
  '__schema and __type cannot be queried. The schema is published as schema/*.graphql; set INTROSPECTION=true to turn it on.';

/** Recognised by Apollo's own validation code, not by its wording. */
export function isIntrospectionDisabled(error: unknown): boolean {
  const extensions = (error as { extensions?: Record<string, unknown> } | null)?.extensions;
  return extensions?.validationErrorCode === 'INTROSPECTION_DISABLED';
}
