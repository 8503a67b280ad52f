import {
  BREAK,
  getNullableType,
  isScalarType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';

/**
 * Whether a variable sits inside an object or list literal that a scalar takes whole (`_Any`, `Json`:
 * `representations: [{__typename: "MyPayment", id: $id}]`). graphql-jit parses such a literal once, when it
 * compiles, with no variables, so the variable would be lost: Apollo keeps serving these documents.
 */
export function variablesInScalarLiterals(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  const check = (type: GraphQLInputType | null | undefined, node: ValueNode) => {
    if (type == null || !isScalarType(getNullableType(type)) || !holdsVariable(node)) return undefined;
    found = true;
    return BREAK;
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      ObjectValue: (node) => check(typeInfo.getInputType(), node),
      // Entering a list, TypeInfo already holds its item type: the list's own is the parent's.
      ListValue: (node) => check(typeInfo.getParentInputType(), node),
    }),
  );
  return found;
}

function holdsVariable(node: ValueNode): boolean {
  if (node.kind === Kind.VARIABLE) return true;
  if (node.kind === Kind.LIST) return node.values.some(holdsVariable);
  if (node.kind === Kind.OBJECT) return node.fields.some((field) => holdsVariable(field.value));
  return false;
}

/**
 * Non-null variables with a default: graphql-js uses the default when one is left out, graphql-jit refuses the
 * request ("was not provided"). A request that leaves one out is left to Apollo.
 */
export function requiredVariablesWithDefaults(operation: OperationDefinitionNode): readonly string[] {
  return (operation.variableDefinitions ?? [])
    .filter((definition) => definition.defaultValue !== undefined && definition.type.kind === Kind.NON_NULL_TYPE)
    .map((definition) => definition.variable.name.value);
}
