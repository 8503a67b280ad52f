import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Suite-wide record of every gateway log line and every secret a test sent, so test/secretAudit.ts can prove at the
 * end of `npm test` that no log line or exported span of any test file holds any token, card number, CVV, gift card
 * number or PIN, and that every error code the gateway answered or logged is a value of the schema's ErrorCode enum.
 */
const dir = process.env.GATEWAY_TEST_AUDIT_DIR;

/** A recording logger exists in this worker: from then on, a run with secrets sent and no log line means broken recording. */
export function auditLoggerCreated(): void {
  if (dir !== undefined) appendFileSync(join(dir, `loggers-${process.pid}.txt`), 'created\n');
}

export function auditLogLines(lines: readonly string[]): void {
  if (dir !== undefined && lines.length > 0) appendFileSync(join(dir, `logs-${process.pid}.ndjson`), lines.join('\n') + '\n');
}

/** Every OTLP export a test receiver got (test/helpers/otlpReceiver.ts): spans must be as clean as log lines. */
export function auditSpanExports(body: string): void {
  if (dir !== undefined && body.length > 0) appendFileSync(join(dir, `spans-${process.pid}.ndjson`), JSON.stringify(body) + '\n');
}

const SECRET_KEYS = new Set(['number', 'cvv', 'pin', 'cardNumber', 'cardCVV', 'giftCardNumber', 'giftCardPin', 'token', 'access_token']);

/** Records the credentials in `headers` and every card-like value in `variables`. */
export function auditSentSecrets(headers: Record<string, string>, variables: unknown): void {
  if (dir === undefined) return;
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (/authorization$/i.test(name)) secrets.push(value.replace(/^\w+\s+/, ''));
  }
  collect(variables, secrets);
  const usable = secrets.filter((secret) => secret.length >= 3 && secret !== '[REDACTED]');
  if (usable.length > 0) appendFileSync(join(dir, `secrets-${process.pid}.txt`), usable.join('\n') + '\n');
}

function collect(value: unknown, into: string[]): void {
  if (Array.isArray(value)) for (const item of value) collect(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (SECRET_KEYS.has(key) && (typeof child === 'string' || typeof child === 'number')) into.push(String(child));
      else collect(child, into);
    }
  }
}

/** Records every `extensions.code` a test saw in a response, for the ErrorCode audit at the end of the suite. */
export function auditResponseCodes(errors: ReadonlyArray<{ extensions?: Record<string, unknown> }> | undefined): void {
  if (dir === undefined || errors === undefined || errors.length === 0) return;
  const codes = errors.map((error) => String(error.extensions?.code));
  appendFileSync(join(dir, `codes-${process.pid}.txt`), codes.join('\n') + '\n');
}
