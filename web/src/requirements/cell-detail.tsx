import { Anchor, Group, Loader, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { componentPath } from '../api/components.js';
import { useRequirementCell } from '../api/requirements.js';
import { ErrorAlert } from '../components/query-state.js';
import { ExemptionLine } from './exemption-line.js';
import { ResetNote } from './requirement-card.js';
import { SetBy } from './set-by.js';
import { StatusBadge } from './status-badge.js';

function Side({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        {label}
      </Text>
      {children}
    </Stack>
  );
}

const notes = (text: string) =>
  text ? (
    <Text size="xs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {text}
    </Text>
  ) : null;

/** A dashboard cell's story: who set each side, when, with which notes (loaded when opened). */
export function CellDetail({
  componentRef,
  version,
  requirementId,
}: {
  componentRef: string;
  version: string;
  requirementId: string;
}) {
  const cell = useRequirementCell(componentRef, version, requirementId);
  if (cell.error) return <ErrorAlert error={cell.error} />;
  if (!cell.data) return <Loader size="xs" />;
  const s = cell.data;
  return (
    <Stack gap={8} data-testid="cell-detail">
      <Group gap={6} justify="space-between" wrap="nowrap">
        <Text size="sm" fw={600}>
          {s.requirement.title}
        </Text>
        <StatusBadge kind="overall" status={s.overall} />
      </Group>
      <Text size="xs" c="dimmed">
        {s.component.replace(/^component:/, '')} {s.version}
      </Text>
      <Side label="Owner">
        <Group gap={6}>
          <StatusBadge kind="owner" status={s.owner.status} />
          <SetBy by={s.owner.setBy} at={s.owner.setAt} />
        </Group>
        {notes(s.owner.notes)}
      </Side>
      <Side label="Reviewer">
        <Group gap={6}>
          <StatusBadge kind="reviewer" status={s.reviewer.status} />
          {!s.reviewer.reset && <SetBy by={s.reviewer.setBy} at={s.reviewer.setAt} />}
        </Group>
        {s.reviewer.reset && <ResetNote reset={s.reviewer.reset} />}
        {notes(s.reviewer.notes)}
      </Side>
      {s.exemption && (
        <Side label="Exemption">
          <ExemptionLine exemption={s.exemption} />
        </Side>
      )}
      <Anchor component={Link} to={componentPath(s.component)} size="xs">
        Open the component to change it
      </Anchor>
    </Stack>
  );
}
