/**
 * Validates a value against the draft-7 keywords the generated lesson schemas use, the way an
 * editor's YAML extension would. A keyword it does not know is an error, so a schema that grows
 * a new keyword fails the test instead of passing unchecked.
 */
type Schema = boolean | { readonly [key: string]: unknown };

const KNOWN = new Set([
  '$schema',
  '$id',
  'title',
  'description',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'items',
  'minItems',
  'minLength',
  'anyOf',
  'minimum',
  'maximum',
  '$ref',
  'definitions',
]);

export function validateJsonSchema(schema: Schema, value: unknown, path = '$', root: Schema = schema): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${path}: not allowed`];
  for (const key of Object.keys(schema))
    if (!KNOWN.has(key)) throw new Error(`the test validator does not know the keyword ${key}`);
  if (typeof schema.$ref === 'string') return validateJsonSchema(resolveRef(root, schema.$ref), value, path, root);
  const errors: string[] = [];
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length > 0 && !types.some((type) => hasType(value, String(type))))
    return [`${path}: expected ${types.join(' or ')}, got ${JSON.stringify(value)}`];
  if (Array.isArray(schema.anyOf)) {
    const branches = schema.anyOf.map((branch: Schema) => validateJsonSchema(branch, value, path, root));
    if (!branches.some((branch) => branch.length === 0))
      errors.push(`${path}: matches none of the allowed forms (${branches.map((b) => b[0]).join('; ')})`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${path}: below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) errors.push(`${path}: above ${schema.maximum}`);
  }
  if (typeof value === 'string' && typeof schema.minLength === 'number' && value.length < schema.minLength)
    errors.push(`${path}: shorter than ${schema.minLength}`);
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems)
      errors.push(`${path}: needs at least ${schema.minItems} items`);
    const items = schema.items;
    if (isSchema(items))
      for (const [index, item] of value.entries())
        errors.push(...validateJsonSchema(items, item, `${path}[${index}]`, root));
  }
  if (isRecord(value)) {
    const properties = isRecord(schema.properties) ? schema.properties : {};
    for (const name of Array.isArray(schema.required) ? schema.required : [])
      if (!(String(name) in value)) errors.push(`${path}: missing required property '${String(name)}'`);
    for (const [name, item] of Object.entries(value)) {
      const own = properties[name];
      if (isSchema(own)) errors.push(...validateJsonSchema(own, item, `${path}.${name}`, root));
      else if (schema.additionalProperties === false) errors.push(`${path}: unknown property '${name}'`);
      else if (isSchema(schema.additionalProperties))
        errors.push(...validateJsonSchema(schema.additionalProperties, item, `${path}.${name}`, root));
    }
  }
  return errors;
}

/** `#` or `#/definitions/…`: the only references the generated schemas make. */
function resolveRef(root: Schema, ref: string): Schema {
  if (ref === '#') return root;
  const name = /^#\/definitions\/(.+)$/.exec(ref)?.[1];
  const definitions = typeof root === 'object' && isRecord(root.definitions) ? root.definitions : {};
  const target = name === undefined ? undefined : definitions[name];
  if (!isSchema(target)) throw new Error(`the test validator cannot resolve ${ref}`);
  return target;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isRecord(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'boolean' || isRecord(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
