export { LongScalar } from './long.ts';
export { DecimalScalar, toDecimal } from './decimal.ts';
export { CurrencyScalar, LocaleScalar, DateTimeScalar } from './strings.ts';
export { JsonScalar } from './json.ts';
