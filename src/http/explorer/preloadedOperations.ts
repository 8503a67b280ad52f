import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, visit, type DefinitionNode } from 'graphql';
import type { ExplorerDemo } from './explorerDemo.ts';
import { freshKeyPlaceholder } from './freshKeys.ts';

const OPERATIONS_DIR = fileURLToPath(new URL('../../../schema/operations/', import.meta.url));

/**
 * One operation as an explorer tab: its text with the fragments it uses, and ready-to-run variables. A mutation's
 * `$idempotencyKey` holds a placeholder each page load replaces with a new key (`withFreshKeys`).
 */
export interface PreloadedOperation {
  name: string;
  document: string;
  variables: Record<string, unknown>;
}

export interface PreloadedOperations {
  /** Each operation on its own (GraphiQL opens one tab per operation). */
  operations: PreloadedOperation[];
  /** Every operation and fragment in one document, for Apollo Sandbox, which takes a single document. */
  document: string;
  /** The variables of all operations in one object; operations that share a variable name share its value. */
  variables: Record<string, unknown>;
}

/**
 * The operations a checkout front end needs (`schema/operations/`, also the client codegen's input), with
 * variables that run against the embedded emulators' demo data. Read once at start-up.
 */
export function loadPreloadedOperations(demo: ExplorerDemo): PreloadedOperations {
  const definitions = readDefinitions();
  const examples = exampleVariables(demo);
  const byOrder = (name: string) => {
    const index = Object.keys(examples).indexOf(name);
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  const operationNames = [...definitions.values()].filter((d) => d.kind === 'operation').map((d) => d.name);
  operationNames.sort((a, b) => byOrder(a) - byOrder(b));

  const operations = operationNames.map((name) => {
    const { variables: declared } = definitions.get(name)!;
    const key = declared.has(KEY) ? { [KEY]: freshKeyPlaceholder(name) } : {};
    return {
      name,
      document: [name, ...fragmentsUsedBy(name, definitions)].map((n) => definitions.get(n)!.text).join('\n'),
      variables: { ...examples[name], ...key },
    };
  });
  const fragments = [...definitions.values()].filter((d) => d.kind === 'fragment').map((d) => d.text);
  const sandboxOperations = operations.map((op) => withOwnKeyName(op, definitions.get(op.name)!.text));
  return {
    operations,
    document: [...sandboxOperations.map((op) => op.document), ...fragments].join('\n'),
    variables: mergeVariables(sandboxOperations),
  };
}

const KEY = 'idempotencyKey';

/**
 * Sandbox has one variables object for all operations, and one key shared by two mutations would refuse the second
 * (`IDEMPOTENCY_KEY_REUSED`): there each mutation's `$idempotencyKey` is named after it (`$createMyPaymentKey`).
 */
function withOwnKeyName(op: PreloadedOperation, text: string): PreloadedOperation {
  if (!(KEY in op.variables)) return { ...op, document: text };
  const own = `${op.name[0]!.toLowerCase()}${op.name.slice(1)}Key`;
  const { [KEY]: key, ...rest } = op.variables;
  return { ...op, document: text.replace(/\$idempotencyKey\b/g, `$${own}`), variables: { ...rest, [own]: key } };
}

interface Definition {
  name: string;
  kind: 'operation' | 'fragment';
  text: string;
  spreads: Set<string>;
  /** The variables an operation declares. */
  variables: Set<string>;
}

/** One named definition per file keeps each file's comment with the definition it explains. */
function readDefinitions(): Map<string, Definition> {
  const definitions = new Map<string, Definition>();
  for (const file of readdirSync(OPERATIONS_DIR).filter((name) => name.endsWith('.graphql')).sort()) {
    const text = readFileSync(OPERATIONS_DIR + file, 'utf8').trim() + '\n';
    const [node, ...rest] = parse(text).definitions;
    if (node === undefined || rest.length > 0) throw new Error(`schema/operations/${file} must hold exactly one operation or fragment`);
    const name = nameOf(node);
    if (name === undefined) throw new Error(`schema/operations/${file}: the operation needs a name`);
    const spreads = new Set<string>();
    visit(node, { FragmentSpread: (spread) => void spreads.add(spread.name.value) });
    const variables = new Set(node.kind === 'OperationDefinition' ? (node.variableDefinitions ?? []).map((v) => v.variable.name.value) : []);
    definitions.set(name, { name, kind: node.kind === 'FragmentDefinition' ? 'fragment' : 'operation', text, spreads, variables });
  }
  return definitions;
}

function nameOf(node: DefinitionNode): string | undefined {
  return node.kind === 'OperationDefinition' || node.kind === 'FragmentDefinition' ? node.name?.value : undefined;
}

function fragmentsUsedBy(name: string, definitions: Map<string, Definition>): string[] {
  const found = new Set<string>();
  const walk = (from: string) => {
    for (const spread of definitions.get(from)?.spreads ?? []) {
      if (!found.has(spread) && definitions.has(spread)) {
        found.add(spread);
        walk(spread);
      }
    }
  };
  walk(name);
  return [...found];
}

function mergeVariables(operations: PreloadedOperation[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const { name, variables } of operations) {
    for (const [key, value] of Object.entries(variables)) {
      if (key in merged && JSON.stringify(merged[key]) !== JSON.stringify(value)) {
        throw new Error(`Preloaded operation ${name} gives $${key} another value than an earlier operation; Sandbox has one variables object`);
      }
      merged[key] = value;
    }
  }
  return merged;
}

/** Ready to run against the demo data: the demo shopper's payment, and a spare order with a test card. */
function exampleVariables(demo: ExplorerDemo): Record<string, Record<string, unknown>> {
  const id = demo.paymentId ?? '<id of one of your payments, from MyPayments>';
  return {
    MyPayments: { first: 5 },
    MyPayment: { id },
    CreateMyPayment: {
      draft: {
        amountPlanned: { currencyCode: 'EUR', centAmount: 4200 },
        paymentMethodInfo: { paymentInterface: 'STRIPE', method: 'CREDIT_CARD', name: [{ locale: 'en', value: 'Credit Card' }] },
      },
    },
    // Version 1 is the seeded payment's. Run again, it is replayed (same key); with a new key the stale version
    // gives CONCURRENT_MODIFICATION.
    UpdateMyPayment: { id, version: 1, actions: [{ changeAmountPlanned: { amount: { currencyCode: 'USD', centAmount: 1250 } } }, { setMethodInfoMethod: { method: 'SEPA' } }] },
    AddOrderPayments: {
      input: {
        orderId: 'o810000',
        profileId: '170309',
        payments: [
          {
            paymentMethodType: 'CARD',
            amount: '19.50',
            // Expires in three years from now, so the preloaded card never becomes an expired one.
            card: { number: '4111111111111111', cvv: '333', type: 'visa', nameOnCard: 'Kim Anderson', expiryMonth: 3, expiryYear: new Date().getUTCFullYear() + 3 },
            billingAddress: {
              firstName: 'Kim', lastName: 'Anderson', address1: '21 Cedar Ave', city: 'Syracuse', state: 'New York', selectedState: 'NY',
              stateIsoCode: 'US-NY', country: 'US', selectedCountry: 'US', postalCode: '13202', phoneNumber: '212-555-1977', email: 'kim@example.com',
            },
          },
        ],
      },
    },
  };
}
