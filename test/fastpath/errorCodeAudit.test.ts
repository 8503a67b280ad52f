import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors/gatewayError.ts';
import { unknownErrorCodes } from '../secretAudit.ts';

// The suite-wide audit (test/secretAudit.ts) checks every code seen in a response or a log line; this proves it can fail.
describe('ErrorCode audit', () => {
  it('flags a code that is not in the schema enum, and knows every generated value', () => {
    expect(unknownErrorCodes(['BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'SOMETHING_ELSE'])).toEqual(['SOMETHING_ELSE']);
    expect(unknownErrorCodes(Object.values(ErrorCode))).toEqual([]);
  });
});
