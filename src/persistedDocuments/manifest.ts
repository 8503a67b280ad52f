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
 * Reads the manifests in `paths` (comma-separated: one per app, e.g. the web app's and the mobile apps', and every
 * version's still in use) into one, checking every entry once, at start-up: its id is its document's SHA-256 (what
 * APQ sends and `documentId` names), and the document parses and validates against the schema (with the gateway's
 * limit rules). Any bad entry stops the start, naming its file and entry. Two formats are read:
 * graphql-codegen's client-preset `persistedDocuments` (`{ "<sha256 hex>": "<document>" }`), and Apollo's
 * `apollo-persisted-query-manifest` (`{ "format", "version": 1, "operations": [{ "id", "body", "name", "type" }] }`),
 * which Apollo Kotlin (`operationManifestFormat.set("persistedQueryManifest")`) and Apollo iOS
 * (`generate-operation-manifest`) write.
 */
export function loadManifest(paths: string, schema: GraphQLSchema, rules: readonly ValidationRule[] = []): PersistedManifest {
  const manifest = new Map<string, string>();
  const files = paths.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (files.length === 0) throw new ManifestError(paths, 'names no file');
  const allRules = [...specifiedRules, ...rules];
  for (const path of files) {
    for (const [id, document] of readEntries(path)) {
      if (!manifest.has(id)) manifest.set(id, checkedEntry(path, id, document, schema, allRules));
    }
  }
  return manifest;
}

/** The entry's document, once its id is its SHA-256 and it validates against the schema. */
function checkedEntry(path: string, id: string, document: unknown, schema: GraphQLSchema, rules: readonly ValidationRule[]): string {
  if (!HASH.test(id)) throw new ManifestError(path, `id "${id.slice(0, 80)}" is not the SHA-256 of its body (lowercase hex), which is what clients send`);
  if (typeof document !== 'string') throw new ManifestError(path, `entry ${id} is not a string`);
  const actual = sha256Hex(document);
  if (actual !== id) throw new ManifestError(path, `id "${id}" is not the SHA-256 of its body, which is ${actual}`);
  let errors: readonly Error[];
  try {
    errors = validate(schema, parse(document), rules);
  } catch (error) {
    errors = [error as Error];
  }
  if (errors.length > 0) throw new ManifestError(path, `entry ${id} does not validate against the schema: ${errors.map((e) => e.message).join('; ')}`);
  return document;
}

const APOLLO_FORMAT = 'apollo-persisted-query-manifest';

/** A manifest file's `[id, document]` entries, in either format. */
function readEntries(path: string): Array<[string, unknown]> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ManifestError(path, `cannot be read as JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ManifestError(path, `must be a JSON object: { "<sha256 hex>": "<document>" } or Apollo's ${APOLLO_FORMAT}`);
  }
  if (!('format' in raw)) return Object.entries(raw);
  const { format, version, operations } = raw as { format: unknown; version?: unknown; operations?: unknown };
  if (format !== APOLLO_FORMAT) throw new ManifestError(path, `"format" ${JSON.stringify(format).slice(0, 80)} is not ${APOLLO_FORMAT}`);
  if (version !== 1) throw new ManifestError(path, `${APOLLO_FORMAT} "version" must be 1`);
  if (!Array.isArray(operations)) throw new ManifestError(path, `${APOLLO_FORMAT} needs an "operations" array`);
  return operations.map((operation: unknown, index) => {
    const { id, body } = (typeof operation === 'object' && operation !== null ? operation : {}) as { id?: unknown; body?: unknown };
    if (typeof id !== 'string') throw new ManifestError(path, `operations[${index}] has no string "id"`);
    return [id, body];
  });
}
