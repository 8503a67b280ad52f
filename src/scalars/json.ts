import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';

function literalToJson(ast: ValueNode, variables: Record<string, unknown> | null | undefined): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.ENUM:
      return ast.value;
    case Kind.LIST:
      return ast.values.map((item) => literalToJson(item, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((field) => [field.name.value, literalToJson(field.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
  }
}

/** Any JSON value, passed through unchanged. */
export const JsonScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'Json',
  description: 'Any JSON value.',
  serialize: (value) => (typeof value === 'bigint' ? value.toString() : value),
  parseValue: (value) => value,
  parseLiteral: literalToJson,
});
