import { Box, Text } from 'ink';
import { memo } from 'react';
import type { Line } from './styled-text.js';
import { useTheme } from './use-theme.js';

/** Lines already wrapped and cut to the width, one ink row each. */
export const Lines = memo(function Lines({ lines }: { readonly lines: readonly Line[] }) {
  return (
    <Box flexDirection="column">
      {lines.map((line, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a row's place on the screen is its identity
        <LineRow key={index} line={line} />
      ))}
    </Box>
  );
});

const LineRow = memo(function LineRow({ line }: { readonly line: Line }) {
  const theme = useTheme();
  if (line.length === 0) return <Text> </Text>;
  return (
    <Text wrap="truncate-end">
      {line.map((part, index) => (
        <Text
          // biome-ignore lint/suspicious/noArrayIndexKey: a part's place in its line is its identity
          key={index}
          color={theme.colorOf(part.tone)}
          bold={part.bold}
          dimColor={part.dim}
          italic={part.italic}
          underline={part.underline}
          strikethrough={part.strikethrough}
          inverse={part.inverse}
        >
          {part.text}
        </Text>
      ))}
    </Text>
  );
});
