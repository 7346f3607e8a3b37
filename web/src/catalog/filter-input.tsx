import { Box, Button, Group, Paper, Text, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { ApiError } from '../api/problem.js';

const EXAMPLE = 'lifecycle = "mature" AND (owner = "payments" OR tags IN ("pci"))';

/**
 * The filter language box. Enter applies (Shift+Enter adds a line); a syntax error from the
 * server is shown under the box with a caret under the column it points at.
 */
export function FilterInput({
  value,
  onApply,
  error,
}: {
  value: string;
  onApply(filter: string): void;
  error: unknown;
}) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const dirty = draft.trim() !== value.trim();
  return (
    <Box>
      <Group gap={6} align="flex-start" wrap="nowrap">
        <Textarea
          aria-label="Filter expression"
          placeholder={`Filter: ${EXAMPLE}`}
          value={draft}
          onChange={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              onApply(draft.trim());
            }
          }}
          autosize
          minRows={1}
          maxRows={6}
          size="sm"
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          style={{ flex: 1 }}
          error={error instanceof ApiError && error.code.startsWith('ARGUS_DSL') ? true : undefined}
          data-testid="filter-input"
        />
        <Button
          size="sm"
          variant={dirty ? 'filled' : 'default'}
          onClick={() => onApply(draft.trim())}
        >
          Apply
        </Button>
        {value && (
          <Button size="sm" variant="subtle" color="gray" onClick={() => onApply('')}>
            Clear
          </Button>
        )}
      </Group>
      <FilterError filter={value} error={error} />
    </Box>
  );
}

/** The server's message, then the offending line with a caret under the column. */
export function FilterError({ filter, error }: { filter: string; error: unknown }) {
  if (
    !(error instanceof ApiError) ||
    !(error.code.startsWith('ARGUS_DSL') || error.problems.some((p) => p.field === 'filter'))
  ) {
    return null;
  }
  const lines = filter.split('\n');
  const line = error.line !== undefined ? lines[error.line - 1] : undefined;
  const column = error.column ?? 0;
  return (
    <Paper
      withBorder
      p={6}
      mt={4}
      bg="red.0"
      style={{ borderColor: 'var(--mantine-color-red-4)' }}
      data-testid="filter-error"
    >
      <Text size="sm" c="red.9">
        {error.detail.replace(/^filter:\s*/, '')}
      </Text>
      {line !== undefined && column > 0 && (
        <pre
          className="dsl-caret"
          data-testid="filter-caret"
          data-line={error.line}
          data-column={column}
        >
          {line}
          {'\n'}
          <Text span c="red.8" fw={700} inherit>
            {`${' '.repeat(Math.max(0, column - 1))}^`}
          </Text>
          <Text span c="red.8" size="xs" inherit>
            {` column ${column}`}
          </Text>
        </pre>
      )}
    </Paper>
  );
}
