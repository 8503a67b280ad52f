/**
 * Errors in the reference's `errorModel`: `{errorCode, message, status (a string), devMessage?, moreInfo?,
 * "o:errorPath"?, type?, errors?}`. Only 51173–51175 are documented; the other codes are the emulator's own.
 */
export const OCC_ERROR_CODES = {
  paymentProcessing: '51173',
  paymentDeclined: '51174',
  paymentCompletion: '51175',
  // Emulator-chosen: the reference names no codes for these.
  invalidInput: '99400',
  unauthorized: '99401',
  forbidden: '99403',
  notFound: '99404',
  methodNotAllowed: '99405',
} as const;

/** The documented texts of the payment codes. */
export const PAYMENT_ERROR_MESSAGES: Record<string, string> = {
  '51173': 'Error while processing Payments.',
  '51174': 'Your order has not been placed due to a payment error, and you have not been charged. Please try again.',
  '51175': 'An error occurred completing an order payment.',
};

export interface OccEmulatorErrorDetail {
  errorCode: string;
  message: string;
  path?: string;
}

export class OccEmulatorError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly details: OccEmulatorErrorDetail[] = [],
    readonly errorPath?: string,
  ) {
    super(message);
    this.name = 'OccEmulatorError';
  }

  /** `devMessage` names the URL like the real service does, so tests can prove the gateway drops it. */
  toBody(requestUrl: string): Record<string, unknown> {
    const status = String(this.status);
    const body: Record<string, unknown> = {
      errorCode: this.errorCode,
      message: this.message,
      status,
      devMessage: `Request to ${requestUrl} failed with error code ${this.errorCode}.`,
      type: `https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#${status}`,
    };
    if (this.errorPath !== undefined) body['o:errorPath'] = this.errorPath;
    if (this.details.length > 0) {
      body.errors = this.details.map((detail) => ({
        errorCode: detail.errorCode,
        message: detail.message,
        status,
        ...(detail.path === undefined ? {} : { 'o:errorPath': detail.path }),
      }));
    }
    return body;
  }
}

export function invalidInput(message: string, path?: string): OccEmulatorError {
  return new OccEmulatorError(400, OCC_ERROR_CODES.invalidInput, message, [], path);
}

export function unauthorized(): OccEmulatorError {
  return new OccEmulatorError(401, OCC_ERROR_CODES.unauthorized, 'The access token is missing, invalid or expired.');
}

/** 51173/51174/51175 for the payment at `path`; the whole call fails and nothing is applied. */
export function paymentError(errorCode: string, detail: string, path: string): OccEmulatorError {
  return new OccEmulatorError(400, errorCode, PAYMENT_ERROR_MESSAGES[errorCode] ?? 'Payment error.', [{ errorCode, message: detail, path }], path);
}
