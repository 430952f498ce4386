import { describe, expect, it } from 'vitest';
import { completeKonnectCommands } from '../../src/import/konnect-commands.js';

describe('shown Konnect commands get the learner’s region', () => {
  it('adds --konnect-addr to a deck command for Konnect, at the end of its first line', () => {
    const shown = [
      'deck gateway dump -o kong.yaml \\',
      '    --konnect-token "$PAT" \\',
      '    --konnect-control-plane-name cp',
    ];
    const { text, added } = completeKonnectCommands(shown.join('\n'));
    expect(text.split('\n')[0]).toBe('deck gateway dump -o kong.yaml --konnect-addr "$KONNECT_SERVER_URL" \\');
    expect(added).toEqual([{ line: 0, flag: '--konnect-addr' }]);
  });

  it('adds --base-url to kongctl calls that talk to Konnect, and leaves the rest alone', () => {
    const { text, added } = completeKonnectCommands(
      ['kongctl login', 'kongctl get me', 'deck gateway sync kong.yaml', 'kongctl get portals --base-url "$U"'].join(
        '\n',
      ),
    );
    expect(text.split('\n')).toEqual([
      'kongctl login',
      'kongctl get me --base-url "$KONNECT_SERVER_URL"',
      'deck gateway sync kong.yaml',
      'kongctl get portals --base-url "$U"',
    ]);
    expect(added).toEqual([{ line: 1, flag: '--base-url' }]);
  });
});
