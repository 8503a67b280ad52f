import { GraphQLScalarType, Kind } from 'graphql';
import { BadUserInputError } from '../errors/gatewayError.ts';

const MIN = -(2n ** 63n);
const MAX = 2n ** 63n - 1n;
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const INTEGER_TEXT = /^-?\d{1,20}$/;

function toLong(value: unknown): bigint {
  let result: bigint | undefined;
  if (typeof value === 'bigint') result = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) result = BigInt(value);
  else if (typeof value === 'string' && INTEGER_TEXT.test(value)) result = BigInt(value);
  if (result === undefined || result < MIN || result > MAX) {
    throw new BadUserInputError('Long must be a whole number between -2^63 and 2^63-1, given as an Int or a string of digits.');
  }
  return result;
}

/** 64-bit integers in, bigint inside; out as a JSON number while safe, else as a digit string (never rounded). */
export const LongScalar = new GraphQLScalarType<bigint, number | string>({
  name: 'Long',
  description: '64-bit signed integer; a string of digits beyond 2^53.',
  serialize(value) {
    // Almost every amount is a safe number already: no bigint round trip for those.
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
    const long = toLong(value);
    return long >= MIN_SAFE && long <= MAX_SAFE ? Number(long) : long.toString();
  },
  parseValue: toLong,
  parseLiteral(ast) {
    if (ast.kind === Kind.INT || ast.kind === Kind.STRING) return toLong(ast.value);
    throw new BadUserInputError('Long must be an Int or a string of digits.');
  },
});
