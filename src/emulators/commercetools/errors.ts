/** One documented commercetools error; `toBody()` gives the exact wire shape `{statusCode, message, errors: [...]}`. */
export class CtError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly extra: Record<string, unknown>;
  /** Fields next to `statusCode` (auth errors also carry `error` and `error_description`). */
  readonly topLevel: Record<string, unknown>;

  constructor(
    statusCode: number,
    code: string,
    message: string,
    extra: Record<string, unknown> = {},
    topLevel: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CtError';
    this.statusCode = statusCode;
    this.code = code;
    this.extra = extra;
    this.topLevel = topLevel;
  }

  toBody(): Record<string, unknown> {
    return {
      statusCode: this.statusCode,
      message: this.message,
      errors: [{ code: this.code, message: this.message, ...this.extra }],
      ...this.topLevel,
    };
  }
}

export function invalidInput(message: string): CtError {
  return new CtError(400, 'InvalidInput', message);
}

export function invalidOperation(message: string): CtError {
  return new CtError(400, 'InvalidOperation', message);
}

export function invalidJsonInput(detailedErrorMessage: string): CtError {
  return new CtError(400, 'InvalidJsonInput', 'Request body does not contain valid JSON.', { detailedErrorMessage });
}

export function requiredField(field: string): CtError {
  return new CtError(400, 'RequiredField', `A value is required for field ${field}.`, { field });
}

export function invalidField(field: string, invalidValue: unknown, allowedValues?: readonly unknown[]): CtError {
  const shown = typeof invalidValue === 'string' ? `"${invalidValue}"` : String(invalidValue);
  const extra: Record<string, unknown> = { field, invalidValue: invalidValue ?? null };
  if (allowedValues) extra['allowedValues'] = [...allowedValues];
  return new CtError(400, 'InvalidField', `The value '${shown}' is not valid for field '${field}'.`, extra);
}

export function moneyOverflow(): CtError {
  return new CtError(400, 'MoneyOverflow', 'A Money operation resulted in an overflow.');
}

export function referencedResourceNotFound(typeId: string, ref: { key?: string; id?: string }): CtError {
  const by = ref.key !== undefined ? `key '${ref.key}'` : `ID '${ref.id ?? ''}'`;
  return new CtError(
    400,
    'ReferencedResourceNotFound',
    `The referenced object of type '${typeId}' with ${by} was not found. It either doesn't exist, or it can't be accessed from this endpoint.`,
    { typeId, ...ref },
  );
}

export function resourceNotFound(id: string): CtError {
  return new CtError(404, 'ResourceNotFound', `The Resource with ID '${id}' was not found.`);
}

export function pathNotFound(path: string): CtError {
  return new CtError(404, 'ResourceNotFound', `The resource at '${path}' was not found.`);
}

export function methodNotAllowed(method: string): CtError {
  return new CtError(405, 'MethodNotAllowed', `The method '${method}' is not allowed on this resource.`);
}

export function concurrentModification(id: string, expected: number, currentVersion: number): CtError {
  return new CtError(
    409,
    'ConcurrentModification',
    `Object ${id} has a different version than expected. Expected: ${expected} - Actual: ${currentVersion}.`,
    { currentVersion },
  );
}

/** OAuth-style failure: the documented body plus `error` and `error_description` at the top level. */
export function authError(statusCode: number, code: string, description: string): CtError {
  return new CtError(statusCode, code, description, {}, { error: code, error_description: description });
}

export function invalidToken(description: string): CtError {
  return authError(401, 'invalid_token', description);
}
