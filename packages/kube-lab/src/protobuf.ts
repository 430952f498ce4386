const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// kubectl sends built-in kinds as protobuf (`Content-Type: application/vnd.kubernetes.protobuf`):
// the 4-byte magic `k8s\0`, then a runtime.Unknown envelope {typeMeta, raw}, raw being the object.
// The lab decodes the kinds kubectl's imperative commands create (create secret|configmap|namespace|
// deployment, scale) into the JSON shape the rest of the lab speaks. Field numbers are those of
// k8s.io/api generated.proto (core/v1, apps/v1, autoscaling/v1) and apimachinery's meta/v1.

/** A field of a message: its JSON name and how to read it. */
type FieldType =
  | 'string'
  | 'bytes'
  | 'int32'
  | 'int64'
  | 'bool'
  | 'time'
  | 'intOrString'
  | 'quantity'
  | { readonly map: 'string' | 'bytes' | 'quantity' }
  | { readonly message: Schema };
interface Field {
  readonly name: string;
  readonly type: FieldType;
  readonly repeated?: boolean;
}
type Schema = Readonly<Record<number, Field>>;

const f = (name: string, type: FieldType, repeated = false): Field => ({ name, type, repeated });
const msg = (schema: Schema): FieldType => ({ message: schema });

const ownerReference: Schema = {
  1: f('kind', 'string'),
  3: f('name', 'string'),
  4: f('uid', 'string'),
  5: f('apiVersion', 'string'),
  6: f('controller', 'bool'),
  7: f('blockOwnerDeletion', 'bool'),
};
const objectMeta: Schema = {
  1: f('name', 'string'),
  2: f('generateName', 'string'),
  3: f('namespace', 'string'),
  5: f('uid', 'string'),
  6: f('resourceVersion', 'string'),
  7: f('generation', 'int64'),
  8: f('creationTimestamp', 'time'),
  11: f('labels', { map: 'string' }),
  12: f('annotations', { map: 'string' }),
  13: f('ownerReferences', msg(ownerReference), true),
  14: f('finalizers', 'string', true),
};
const labelSelector: Schema = {
  1: f('matchLabels', { map: 'string' }),
  2: f(
    'matchExpressions',
    msg({ 1: f('key', 'string'), 2: f('operator', 'string'), 3: f('values', 'string', true) }),
    true,
  ),
};
const containerPort: Schema = {
  1: f('name', 'string'),
  2: f('hostPort', 'int32'),
  3: f('containerPort', 'int32'),
  4: f('protocol', 'string'),
  5: f('hostIP', 'string'),
};
const container: Schema = {
  1: f('name', 'string'),
  2: f('image', 'string'),
  3: f('command', 'string', true),
  4: f('args', 'string', true),
  5: f('workingDir', 'string'),
  6: f('ports', msg(containerPort), true),
  7: f('env', msg({ 1: f('name', 'string'), 2: f('value', 'string') }), true),
  8: f('resources', msg({ 1: f('limits', { map: 'quantity' }), 2: f('requests', { map: 'quantity' }) })),
  13: f('terminationMessagePath', 'string'),
  14: f('imagePullPolicy', 'string'),
  16: f('stdin', 'bool'),
  17: f('stdinOnce', 'bool'),
  18: f('tty', 'bool'),
  20: f('terminationMessagePolicy', 'string'),
};
const podSpec: Schema = {
  2: f('containers', msg(container), true),
  3: f('restartPolicy', 'string'),
  4: f('terminationGracePeriodSeconds', 'int64'),
  6: f('dnsPolicy', 'string'),
  7: f('nodeSelector', { map: 'string' }),
  8: f('serviceAccountName', 'string'),
  19: f('schedulerName', 'string'),
  20: f('initContainers', msg(container), true),
};
const podTemplateSpec: Schema = { 1: f('metadata', msg(objectMeta)), 2: f('spec', msg(podSpec)) };
const deploymentSpec: Schema = {
  1: f('replicas', 'int32'),
  2: f('selector', msg(labelSelector)),
  3: f('template', msg(podTemplateSpec)),
  4: f(
    'strategy',
    msg({
      1: f('type', 'string'),
      2: f('rollingUpdate', msg({ 1: f('maxUnavailable', 'intOrString'), 2: f('maxSurge', 'intOrString') })),
    }),
  ),
  5: f('minReadySeconds', 'int32'),
  6: f('revisionHistoryLimit', 'int32'),
  7: f('paused', 'bool'),
  9: f('progressDeadlineSeconds', 'int32'),
};
/** Status messages kubectl sends empty; their content is the server's to write, so it is not read. */
const emptyStatus: Schema = {};

const KINDS: Readonly<Record<string, Schema>> = {
  'v1/Secret': {
    1: f('metadata', msg(objectMeta)),
    2: f('data', { map: 'bytes' }),
    3: f('type', 'string'),
    4: f('stringData', { map: 'string' }),
    5: f('immutable', 'bool'),
  },
  'v1/ConfigMap': {
    1: f('metadata', msg(objectMeta)),
    2: f('data', { map: 'string' }),
    3: f('binaryData', { map: 'bytes' }),
    4: f('immutable', 'bool'),
  },
  'v1/Namespace': {
    1: f('metadata', msg(objectMeta)),
    2: f('spec', msg({ 1: f('finalizers', 'string', true) })),
    3: f('status', msg(emptyStatus)),
  },
  'apps/v1/Deployment': {
    1: f('metadata', msg(objectMeta)),
    2: f('spec', msg(deploymentSpec)),
    3: f('status', msg(emptyStatus)),
  },
  'autoscaling/v1/Scale': {
    1: f('metadata', msg(objectMeta)),
    2: f('spec', msg({ 1: f('replicas', 'int32') })),
    3: f('status', msg(emptyStatus)),
  },
};

/** The protobuf kinds the lab reads, for messages. */
const PROTOBUF_KINDS = Object.keys(KINDS);

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export class ProtobufError extends Error {}

/** Decodes a `k8s\0`-framed protobuf body into the object's JSON form (apiVersion and kind included). */
export function decodeKubeProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC))
    throw new ProtobufError('the protobuf body does not start with the Kubernetes magic bytes');
  const envelope = new Reader(body.subarray(4));
  let apiVersion = '';
  let kind = '';
  let raw: Buffer | undefined;
  while (!envelope.done) {
    const [field, wire] = envelope.tag();
    if (field === 1 && wire === 2) {
      const typeMeta = new Reader(envelope.bytes());
      while (!typeMeta.done) {
        const [tf, tw] = typeMeta.tag();
        if (tf === 1 && tw === 2) apiVersion = typeMeta.bytes().toString('utf8');
        else if (tf === 2 && tw === 2) kind = typeMeta.bytes().toString('utf8');
        else typeMeta.skip(tw);
      }
    } else if (field === 2 && wire === 2) raw = envelope.bytes();
    else envelope.skip(wire);
  }
  const schema = KINDS[`${apiVersion}/${kind}`];
  if (!schema)
    throw new ProtobufError(
      `the lab reads protobuf only for ${PROTOBUF_KINDS.join(', ')}, not ${apiVersion}/${kind}: send it as JSON or ` +
        `YAML (kubectl apply -f)`,
    );
  return { apiVersion, kind, ...decodeMessage(raw ?? Buffer.alloc(0), schema, kind) };
}

function decodeMessage(data: Buffer, schema: Schema, path: string): Record<string, unknown> {
  const reader = new Reader(data);
  const out: Record<string, unknown> = {};
  while (!reader.done) {
    const [number, wire] = reader.tag();
    const field = schema[number];
    if (!field) {
      // Go sends zero values (false, 0, "", empty structs) of every plain field: those carry nothing to lose.
      if (wire === 2 && reader.bytes().length === 0) continue;
      if (wire === 0 && reader.varint() === 0) continue;
      throw new ProtobufError(
        `the lab cannot read protobuf field ${number} of ${path}: send it as JSON or YAML (kubectl apply -f)`,
      );
    }
    const value = decodeValue(reader, wire, field, `${path}.${field.name}`);
    if (value === undefined) continue;
    // Go sends zero values of plain fields, which its JSON leaves out (omitempty); replicas is a
    // pointer, so a 0 there was meant.
    if (!field.repeated && (value === '' || value === false || (value === 0 && field.name !== 'replicas'))) continue;
    if (typeof field.type === 'object' && 'map' in field.type) {
      const [key, item] = value as [string, unknown];
      const existing = out[field.name];
      const map = isRecord(existing) ? existing : {};
      map[key] = item;
      out[field.name] = map;
    } else if (field.repeated) {
      const existing = out[field.name];
      const list = Array.isArray(existing) ? existing : [];
      list.push(value);
      out[field.name] = list;
    } else out[field.name] = value;
  }
  return out;
}

function decodeValue(reader: Reader, wire: number, field: Field, path: string): unknown {
  const type = field.type;
  if (typeof type === 'object') {
    const bytes = reader.bytes();
    if ('message' in type) return type.message === emptyStatus ? {} : decodeMessage(bytes, type.message, path);
    return decodeMapEntry(bytes, type.map, path);
  }
  switch (type) {
    case 'string':
      return reader.bytes().toString('utf8');
    case 'bytes':
      return reader.bytes().toString('base64');
    case 'bool':
      return reader.varint() !== 0;
    case 'int32':
    case 'int64':
      return wire === 0 ? signed(reader.varint()) : fail(path);
    case 'time': {
      const time = new Reader(reader.bytes());
      let seconds = 0;
      while (!time.done) {
        const [n, w] = time.tag();
        if (n === 1 && w === 0) seconds = time.varint();
        else time.skip(w);
      }
      // A zero Time is Go's unset timestamp: JSON leaves it null.
      return seconds === 0 ? undefined : new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    case 'quantity':
      return decodeQuantity(reader.bytes());
    case 'intOrString': {
      const v = new Reader(reader.bytes());
      let kind = 0;
      let int = 0;
      let str = '';
      while (!v.done) {
        const [n, w] = v.tag();
        if (n === 1 && w === 0) kind = v.varint();
        else if (n === 2 && w === 0) int = signed(v.varint());
        else if (n === 3 && w === 2) str = v.bytes().toString('utf8');
        else v.skip(w);
      }
      return kind === 1 ? str : int;
    }
  }
}

function decodeQuantity(bytes: Buffer): string {
  const q = new Reader(bytes);
  let text = '';
  while (!q.done) {
    const [n, w] = q.tag();
    if (n === 1 && w === 2) text = q.bytes().toString('utf8');
    else q.skip(w);
  }
  return text;
}

function decodeMapEntry(bytes: Buffer, valueType: 'string' | 'bytes' | 'quantity', path: string): [string, unknown] {
  const entry = new Reader(bytes);
  let key = '';
  let value: unknown = valueType === 'bytes' ? '' : '';
  while (!entry.done) {
    const [n, w] = entry.tag();
    if (n === 1 && w === 2) key = entry.bytes().toString('utf8');
    else if (n === 2 && w === 2) {
      const raw = entry.bytes();
      value =
        valueType === 'bytes'
          ? raw.toString('base64')
          : valueType === 'quantity'
            ? decodeQuantity(raw)
            : raw.toString('utf8');
    } else if (w === 2 || w === 0) entry.skip(w);
    else fail(path);
  }
  return [key, value];
}

const signed = (n: number) => (n > 0x7fffffff && n <= 0xffffffff ? n - 0x100000000 : n);

function fail(path: string): never {
  throw new ProtobufError(`the protobuf body is malformed at ${path}`);
}

/** Reads protobuf's wire format: varints, and length-delimited bytes. */
class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}

  get done(): boolean {
    return this.at >= this.buf.length;
  }

  tag(): [number, number] {
    const key = this.varint();
    return [Math.floor(key / 8), key % 8];
  }

  varint(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (this.at >= this.buf.length) throw new ProtobufError('the protobuf body ends inside a number');
      const byte = this.buf[this.at++] ?? 0;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
  }

  bytes(): Buffer {
    const length = this.varint();
    if (this.at + length > this.buf.length) throw new ProtobufError('the protobuf body ends inside a field');
    const out = this.buf.subarray(this.at, this.at + length);
    this.at += length;
    return out;
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.at += 4;
    else if (wire === 1) this.at += 8;
    else throw new ProtobufError(`the protobuf body uses wire type ${wire}, which Kubernetes objects do not`);
  }
}
