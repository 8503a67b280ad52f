import { GraphQLScalarType, Kind } from 'graphql';
import { BadUserInputError } from '../errors/gatewayError.ts';

/** A string scalar checked against a pattern (or any test), both as a variable and as a literal. */
function patternScalar(name: string, description: string, pattern: RegExp | ((value: string) => boolean), explanation: string) {
  const test = typeof pattern === 'function' ? pattern : (value: string) => pattern.test(value);
  const check = (value: unknown): string => {
    if (typeof value !== 'string' || !test(value)) throw new BadUserInputError(`${name} ${explanation}`);
    return value;
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: (value) => String(value),
    parseValue: check,
    parseLiteral(ast) {
      if (ast.kind !== Kind.STRING) throw new BadUserInputError(`${name} ${explanation}`);
      return check(ast.value);
    },
  });
}

/**
 * ISO 4217 codes of the currencies in use, as Node's ICU lists them (about 160: no funds codes, metals or `XXX`),
 * so `ZZZ` or `XYZ` never reach an upstream. Both engines (Apollo and the compiled fast path) use this scalar.
 */
const ISO_4217 = new Set(Intl.supportedValuesOf('currency'));

export const CurrencyScalar = patternScalar(
  'Currency',
  'ISO 4217 currency code.',
  (value) => ISO_4217.has(value),
  'must be an ISO 4217 currency code in upper case, e.g. "EUR".',
);

export const LocaleScalar = patternScalar('Locale', 'IETF language tag.', /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as "en" or "de-DE".');

export const DateTimeScalar = patternScalar(
  'DateTime',
  'ISO 8601 instant in UTC.',
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/,
  'must be an ISO 8601 date-time such as "2026-11-22T10:00:00.000Z".',
);
