import { randomUUID } from 'node:crypto';
import { configOf, type PluginDefinition } from './definition.js';

// kong/plugins/correlation-id/{handler,schema}.lua (3.9.1): priority 100001, so it runs before every
// other plugin. A request that brings the header keeps its value; otherwise one is generated and sent
// upstream, and echo_downstream sends it back to the client too.

interface CorrelationIdConfig {
  readonly header_name: string | null;
  readonly generator: 'uuid' | 'uuid#counter' | 'tracker';
  readonly echo_downstream: boolean;
}

// init_worker: one uuid per worker, and a counter (the sandbox is one worker).
const worker = { uuid: randomUUID(), counter: 0 };

function generate(conf: CorrelationIdConfig, tracker: () => string): string {
  switch (conf.generator) {
    case 'uuid':
      return randomUUID();
    case 'uuid#counter':
      worker.counter += 1;
      return `${worker.uuid}#${worker.counter}`;
    case 'tracker':
      return tracker();
  }
}

export const correlationId: PluginDefinition = {
  priority: 100001,
  config: {
    type: 'record',
    required: true,
    fields: {
      header_name: { type: 'string', default: 'Kong-Request-ID' },
      generator: {
        type: 'string',
        required: true,
        default: 'uuid#counter',
        oneOf: ['uuid', 'uuid#counter', 'tracker'],
      },
      echo_downstream: { type: 'boolean', required: true, default: false },
    },
  },
  checks: [],
  access(ctx, plugin) {
    const conf = configOf<CorrelationIdConfig>(plugin);
    const name = conf.header_name ?? 'Kong-Request-ID';
    const given = ctx.req.headers[name.toLowerCase()];
    let id = Array.isArray(given) ? given[0] : given;
    if (!id) {
      // tracker: server_addr-server_port-pid-connection-connection_requests-now, as nginx variables give them.
      const socket = ctx.req.socket;
      id = generate(
        conf,
        () =>
          `${socket.localAddress}-${socket.localPort}-${process.pid}-${socket.remotePort}-1-` +
          `${(ctx.clock.now() / 1000).toFixed(3)}`,
      );
      ctx.setHeader(name, id);
    }
    const value = id;
    if (conf.echo_downstream) ctx.addFilter({ header: (head) => head.set(name, value) });
    return undefined;
  },
};
