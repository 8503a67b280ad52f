import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse, specifiedRules, validate, type GraphQLSchema, type ValidationRule } from 'graphql';

/** Trusted documents by the SHA-256 (lowercase hex) of their exact text. */
export type PersistedManifest = ReadonlyMap<string, string>;

export class ManifestError extends Error {
  constructor(path: string, problem: string) {
    super(`Invalid PERSISTED_DOCUMENTS manifest ${path}: ${problem}`);
    this.name = 'ManifestError';
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const HASH = /^[0-9a-f]{64}$/;

/**
 * Reads graphql-codegen's client-preset `persistedDocuments` manifest (`{ "<sha256 hex>": "<document>" }`) and
 * checks every entry once, at start-up: the key is its document's hash, and the document parses and validates
 * against the schema (with the gateway's limit rules). Any bad entry stops the start, naming it.
 */
export function loadManifest(path: string, schema: GraphQLSchema, rules: readonly ValidationRule[] = []): PersistedManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ManifestError(path, `cannot be read as JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ManifestError(path, 'must be a JSON object of "<sha256 hex>": "<document>"');
  const manifest = new Map<string, string>();
  for (const [key, document] of Object.entries(raw)) {
    if (!HASH.test(key)) throw new ManifestError(path, `key "${key.slice(0, 80)}" is not a lowercase SHA-256 hex digest`);
    if (typeof document !== 'string') throw new ManifestError(path, `entry ${key} is not a string`);
    const actual = sha256Hex(document);
    if (actual !== key) throw new ManifestError(path, `entry ${key} does not match its document, whose SHA-256 is ${actual}`);
    let errors: readonly Error[];
    try {
      errors = validate(schema, parse(document), [...specifiedRules, ...rules]);
    } catch (error) {
      errors = [error as Error];
    }
    if (errors.length > 0) throw new ManifestError(path, `entry ${key} does not validate against the schema: ${errors.map((e) => e.message).join('; ')}`);
    manifest.set(key, document);
  }
  return manifest;
}
