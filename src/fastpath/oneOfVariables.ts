import { getNamedType, isInputObjectType, typeFromAST, type GraphQLInputType, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';

/**
 * Whether any variable of the operation can hold a `@oneOf` input object, at any depth. graphql-jit coerces
 * variables without the `@oneOf` rule, graphql-js (and so Apollo) refuses them with HTTP 400: such operations have
 * their variables checked by graphql-js first, so both engines refuse the same input the same way.
 */
export function variablesReachOneOf(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  const seen = new Set<string>();
  const reaches = (type: GraphQLInputType | undefined): boolean => {
    const named = type === undefined ? undefined : getNamedType(type);
    if (named === undefined || !isInputObjectType(named) || seen.has(named.name)) return false;
    seen.add(named.name);
    if (named.isOneOf) return true;
    return Object.values(named.getFields()).some((field) => reaches(field.type));
  };
  return (operation.variableDefinitions ?? []).some((definition) => reaches(typeFromAST(schema, definition.type) as GraphQLInputType | undefined));
}
