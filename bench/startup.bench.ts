import { cli, row, timeProcess, type Bench } from './lib.js';

export const bench: Bench = {
  title: 'CLI start-up',
  async run() {
    const baseline = timeProcess('node', ['-e', '0']);
    const version = timeProcess('node', [cli, '--version']);
    const help = timeProcess('node', [cli, '--help']);
    const rows = [
      row('`kong-workshop --version`', version, 'ms', '`node -e 0`', baseline, { max: 2.0 }),
      row('`kong-workshop --help`', help, 'ms', '`node -e 0`', baseline),
    ];
    return {
      title: this.title,
      method:
        'Median wall time of the whole process over 15 runs after 2 warm-ups, stdout not a terminal, against `node ' +
        '-e 0` measured in the same run.',
      rows,
      notes: [],
    };
  },
};
