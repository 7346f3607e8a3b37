import { Badge, Button, Group, Paper, Spoiler, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { RequirementState } from '../api/requirements.js';
import { formatDateTime, formatRelative } from '../components/format.js';
import { Markdown } from '../components/markdown.js';
import { ExemptionLine } from './exemption-line.js';
import { SetBy } from './set-by.js';
import { OwnerActions, ReviewActions } from './side-actions.js';
import { StatusBadge } from './status-badge.js';

/** Notes as written: kept on their lines, long words wrapped inside the card. */
function Notes({ text }: { text: string }) {
  if (!text) return null;
  return (
    <Text size="xs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {text}
    </Text>
  );
}

function SideRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap={8} align="flex-start" wrap="nowrap">
      <Text size="xs" fw={600} w={62} style={{ flexShrink: 0 }} pt={2}>
        {label}
      </Text>
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        {children}
      </Stack>
    </Group>
  );
}

/** The sign-off was reset by a readiness change and nobody has signed since: say when and why. */
export function ResetNote({
  reset,
}: {
  reset: NonNullable<RequirementState['reviewer']['reset']>;
}) {
  return (
    <Text size="xs" c="orange.9" data-testid="signoff-reset" title={formatDateTime(reset.at)}>
      Sign-off reset to unknown {formatRelative(reset.at)}
      {reset.by ? ` (${reset.by.name || reset.by.username})` : ''}: {reset.reason}
    </Text>
  );
}

/**
 * One requirement on one version: what it asks (Markdown), the owner's readiness and the
 * reviewer's sign-off with their notes and who set them, the derived overall status, the
 * exemption; and the buttons the caller's rights allow, nothing more.
 */
export function RequirementCard({
  state,
  onRequestExemption,
}: {
  state: RequirementState;
  /** Offered to the owner side while no exemption is active or waiting. */
  onRequestExemption(requirement: { id: string; title: string }): void;
}) {
  const { requirement: r, owner, reviewer, may } = state;
  const exempted = state.effective !== state.overall;
  const settled = state.overall === 'ok' || state.overall === 'n/a';
  return (
    <Paper
      withBorder
      p="xs"
      data-testid="requirement-card"
      data-requirement={r.title}
      data-overall={state.overall}
    >
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap={6} wrap="wrap">
            <Text fw={600} size="sm">
              {r.title}
            </Text>
            {r.level && (
              <Badge size="xs" variant="outline" color="indigo" tt="none" title="level">
                {r.level}
              </Badge>
            )}
            {r.mandatory && (
              <Badge
                size="xs"
                variant="outline"
                color="red"
                tt="none"
                title="mandatory for production: a deployment gate"
              >
                mandatory
              </Badge>
            )}
          </Group>
          <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }} data-testid="overall-status">
            <StatusBadge kind="overall" status={state.overall} />
            {exempted && (
              <Badge
                size="sm"
                variant="outline"
                color="teal"
                tt="none"
                title="an active exemption counts as n/a"
              >
                counts as {state.effective}
              </Badge>
            )}
          </Group>
        </Group>
        {r.description && (
          <Spoiler maxHeight={64} showLabel="more" hideLabel="less" fz="xs">
            <Markdown fz="xs">{r.description}</Markdown>
          </Spoiler>
        )}
        <SideRow label="Owner">
          <Group gap={6} wrap="wrap" data-testid="owner-side">
            <StatusBadge kind="owner" status={owner.status} />
            <SetBy by={owner.setBy} at={owner.setAt} />
          </Group>
          <Notes text={owner.notes} />
          {may.owner && <OwnerActions state={state} />}
        </SideRow>
        <SideRow label="Reviewer">
          <Group gap={6} wrap="wrap" data-testid="reviewer-side">
            <StatusBadge kind="reviewer" status={reviewer.status} />
            {/* After a reset the note below says who changed it, when and why. */}
            {!reviewer.reset && <SetBy by={reviewer.setBy} at={reviewer.setAt} />}
          </Group>
          {reviewer.reset && <ResetNote reset={reviewer.reset} />}
          <Notes text={reviewer.notes} />
          {may.review && (
            <ReviewActions target={state} status={reviewer.status} notes={reviewer.notes} />
          )}
        </SideRow>
        {state.exemption ? (
          <SideRow label="Waiver">
            <ExemptionLine exemption={state.exemption} />
          </SideRow>
        ) : (
          may.owner &&
          !settled && (
            <Group>
              <Button
                size="compact-xs"
                variant="subtle"
                color="gray"
                onClick={() => onRequestExemption(r)}
              >
                Request exemption…
              </Button>
            </Group>
          )
        )}
      </Stack>
    </Paper>
  );
}
