import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';

function literalToJson(ast: ValueNode, variables: Record<string, unknown> | null | undefined): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT: {
      // Written out in the document, a long integer is exact: kept as a bigint (sent upstream as its digits).
      const value = Number(ast.value);
      return Number.isSafeInteger(value) ? value : BigInt(ast.value);
    }
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

/** Bigints (integers past 2^53, as commercetools' JSON is parsed) become digit strings, at any depth. */
function withoutBigints(value: unknown): unknown {
  return holdsBigint(value) ? copyWithoutBigints(value) : value;
}

/** Most custom fields hold none: they are answered as they are, not copied. */
function holdsBigint(value: unknown): boolean {
  if (typeof value === 'bigint') return true;
  if (Array.isArray(value)) return value.some(holdsBigint);
  if (value !== null && typeof value === 'object') return Object.values(value).some(holdsBigint);
  return false;
}

function copyWithoutBigints(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(copyWithoutBigints);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyWithoutBigints(item)]));
  return value;
}

/** Any JSON value; integers beyond 2^53 are never rounded (in: a literal's digits, out: digit strings). */
export const JsonScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'Json',
  description:
    'Any JSON value: object, array, string, number, boolean or null. An integer beyond 2^53 goes as a string (a JSON number that long is rounded, and refused) and comes back as a string.',
  serialize: withoutBigints,
  // A variable's number that JSON parsing would round never gets here: the request is refused first (exactNumbers.ts).
  parseValue: (value) => value,
  parseLiteral: literalToJson,
});
