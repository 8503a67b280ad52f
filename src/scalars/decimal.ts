import { GraphQLScalarType, Kind } from 'graphql';
import { BadUserInputError } from '../errors/gatewayError.ts';

const DECIMAL_TEXT = /^-?\d{1,20}(\.\d{1,20})?$/;

/** Normalises number or string input to a canonical decimal string without any float arithmetic. */
export function toDecimal(value: unknown): string {
  // String(number) gives the shortest text that round-trips, e.g. 15.5 -> "15.5": the value the client wrote.
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  if (text === undefined || !DECIMAL_TEXT.test(text)) {
    throw new BadUserInputError('Decimal must be a number or a string such as "15.50".');
  }
  return text;
}

/** An exact decimal in major units; serialised as a string so JSON clients never round it. */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'Exact decimal amount, serialised as a string such as "15.50".',
  serialize: toDecimal,
  parseValue: toDecimal,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return toDecimal(ast.value);
    throw new BadUserInputError('Decimal must be a number or a string such as "15.50".');
  },
});
