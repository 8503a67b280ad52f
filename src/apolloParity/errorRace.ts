import {
  getNullableType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

type Path = ReadonlyArray<string | number>;

/**
 * Whether graphql-js' answer with these errors depends on timing. An error in a non-null position nulls its nearest
 * nullable ancestor (or all `data`); graphql-js then stops waiting for that subtree, so another error inside it is
 * reported only if it happened first. graphql-jit waits for everything and reports all. Without such an overlap,
 * both report the same errors; with it, only Apollo's own answer is Apollo's answer.
 */
export function errorsRaceInGraphqlJs(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, errors: readonly GraphQLError[]): boolean {
  if (errors.length < 2) return false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const nulled = errors.map((error) => nulledPath(schema, fragments, operation, error.path ?? []));
  return errors.some((error, i) => nulled.some((target, j) => i !== j && isPrefix(target, error.path ?? [])));
}

/** The path that ends up null when the value at `path` fails: `path` itself if nullable, else its parents'; [] is all data. */
function nulledPath(schema: GraphQLSchema, fragments: Map<string, FragmentDefinitionNode>, operation: OperationDefinitionNode, path: Path): Path {
  const types = typesAlong(schema, fragments, operation, path);
  // Unknown shape: assume the worst (all data nulled), which only sends the request to Apollo.
  if (types === undefined) return [];
  let end = path.length;
  while (end > 0 && isNonNullType(types[end - 1])) end--;
  return path.slice(0, end);
}

function typesAlong(schema: GraphQLSchema, fragments: Map<string, FragmentDefinitionNode>, operation: OperationDefinitionNode, path: Path): GraphQLOutputType[] | undefined {
  let current: GraphQLOutputType | null | undefined = schema.getRootType(operation.operation);
  let selectionSets: readonly SelectionSetNode[] = [operation.selectionSet];
  const types: GraphQLOutputType[] = [];
  for (const segment of path) {
    if (current === undefined || current === null) return undefined;
    if (typeof segment === 'number') {
      const list = getNullableType(current);
      if (!isListType(list)) return undefined;
      current = list.ofType as GraphQLOutputType;
    } else {
      const parent: GraphQLOutputType = getNullableType(current);
      if (!isObjectType(parent) && !isInterfaceType(parent)) return undefined;
      const nodes = selectionSets.flatMap((set) => fieldsNamed(set, segment, fragments));
      const name = nodes[0]?.name.value;
      if (name === undefined) return undefined;
      current = name === '__typename' ? undefined : parent.getFields()[name]?.type;
      if (current === undefined) return undefined;
      selectionSets = nodes.flatMap((node) => (node.selectionSet === undefined ? [] : [node.selectionSet]));
    }
    types.push(current);
  }
  return types;
}

function fieldsNamed(set: SelectionSetNode, responseName: string, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): FieldNode[] {
  const found: FieldNode[] = [];
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if ((selection.alias ?? selection.name).value === responseName) found.push(selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      found.push(...fieldsNamed(selection.selectionSet, responseName, fragments, seen));
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment !== undefined) found.push(...fieldsNamed(fragment.selectionSet, responseName, fragments, seen));
    }
  }
  return found;
}

function isPrefix(prefix: Path, path: Path): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);
}
