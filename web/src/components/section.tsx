import { Group, Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled panel of a page, with optional actions on the right. */
export function Section({
  title,
  actions,
  children,
  testId,
}: {
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Group justify="space-between" mb={6} wrap="nowrap">
        <Title order={5}>{title}</Title>
        {actions && <Group gap={6}>{actions}</Group>}
      </Group>
      {children}
    </Paper>
  );
}
