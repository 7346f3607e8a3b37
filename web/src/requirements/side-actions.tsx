import { Button, Group, Popover, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { describeError } from '../api/problem.js';
import {
  type OwnerStatus,
  type RequirementState,
  type ReviewerStatus,
  useSetOwnerStatus,
  useSetReview,
} from '../api/requirements.js';
import { lookOf, OWNER_LOOK, REVIEWER_LOOK } from './status-labels.js';

interface Choice<S extends string> {
  status: S;
  /** The button's word. */
  label: string;
  /** Asks for a note first (a rejection says why). */
  needsNote?: boolean;
}

const OWNER_CHOICES: Choice<OwnerStatus>[] = [
  { status: 'ready', label: 'Ready' },
  { status: 'not_ready', label: 'Not ready' },
  { status: 'n/a', label: 'N/A' },
];
const REVIEWER_CHOICES: Choice<ReviewerStatus>[] = [
  { status: 'approved', label: 'Approve' },
  { status: 'rejected', label: 'Reject', needsNote: true },
];

const fail = (error: unknown) =>
  notifications.show({ color: 'red', title: 'Not saved', message: describeError(error) });

/**
 * One side's buttons: a click sets the status and keeps the notes; "Note…" opens a box to write
 * a note and save it with any status. A choice that needs a note (reject) opens the box first.
 */
function SideActions<S extends string>({
  side,
  current,
  notes,
  choices,
  pending,
  onSet,
  subject,
}: {
  side: 'owner' | 'reviewer';
  current: S;
  notes: string;
  choices: Choice<S>[];
  pending: boolean;
  onSet(status: S, notes?: string): Promise<unknown>;
  /** What the buttons act on, for their accessible names ("Approve: Has a runbook"). */
  subject: string;
}) {
  const [open, setOpen] = useState(false);
  const [required, setRequired] = useState<S | null>(null);
  const [draft, setDraft] = useState(notes);
  const table = side === 'owner' ? OWNER_LOOK : REVIEWER_LOOK;
  const openNote = (status: S | null) => {
    setDraft(notes);
    setRequired(status);
    setOpen(true);
  };
  const save = (status: S, note?: string) => onSet(status, note).then(() => setOpen(false), fail);
  const offered = required ? choices.filter((c) => c.status === required) : choices;
  return (
    <Popover
      opened={open}
      onChange={setOpen}
      width={320}
      position="bottom-start"
      withArrow
      shadow="md"
      trapFocus
    >
      <Popover.Target>
        <Group gap={4} wrap="wrap" data-testid={`${side}-actions`}>
          {choices.map((c) => (
            <Button
              key={c.status}
              size="compact-xs"
              variant={c.status === current ? 'filled' : 'light'}
              color={lookOf(table, c.status).color}
              aria-pressed={c.status === current}
              aria-label={`${c.label}: ${subject}`}
              loading={pending && !open}
              onClick={() => (c.needsNote ? openNote(c.status) : void save(c.status))}
            >
              {c.label}
            </Button>
          ))}
          <Button
            size="compact-xs"
            variant="subtle"
            color="gray"
            onClick={() => openNote(null)}
            aria-label={`${side === 'owner' ? 'Owner' : 'Reviewer'} note: ${subject}`}
          >
            Note…
          </Button>
        </Group>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={6}>
          <Textarea
            label={
              required
                ? `Why (${lookOf(table, required).label})`
                : `${side === 'owner' ? 'Owner' : 'Reviewer'} note`
            }
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
            autosize
            minRows={2}
            maxRows={8}
            data-autofocus
          />
          <Text size="xs" c="dimmed">
            Save the note with:
          </Text>
          <Group gap={4}>
            {offered.map((c) => (
              <Button
                key={c.status}
                size="compact-xs"
                color={lookOf(table, c.status).color}
                disabled={c.needsNote && draft.trim() === ''}
                loading={pending}
                onClick={() => void save(c.status, draft)}
              >
                {c.label}
              </Button>
            ))}
            {!required && (
              <Button
                size="compact-xs"
                variant="default"
                loading={pending}
                onClick={() => void save(current, draft)}
              >
                Keep {lookOf(table, current).label}
              </Button>
            )}
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/** What a status write is about: a requirement on a component version. */
export interface StatusTarget {
  component: string;
  version: string;
  requirement: { id: string; title: string };
}

const path = (t: StatusTarget) => ({
  ref: t.component,
  version: t.version,
  requirementId: t.requirement.id,
});

/** The owner side's one-click readiness (ready, not ready, n/a) with an optional note. */
export function OwnerActions({ state }: { state: RequirementState }) {
  const write = useSetOwnerStatus();
  return (
    <SideActions
      side="owner"
      current={state.owner.status}
      notes={state.owner.notes}
      choices={OWNER_CHOICES}
      pending={write.isPending}
      subject={state.requirement.title}
      onSet={(status, notes) => write.mutateAsync({ ...path(state), status, notes })}
    />
  );
}

/** The reviewer's sign-off: approve in one click, reject with a note. */
export function ReviewActions({
  target,
  status,
  notes,
}: {
  target: StatusTarget;
  status: ReviewerStatus;
  notes: string;
}) {
  const write = useSetReview();
  return (
    <SideActions
      side="reviewer"
      current={status}
      notes={notes}
      choices={REVIEWER_CHOICES}
      pending={write.isPending}
      subject={target.requirement.title}
      onSet={(next, note) => write.mutateAsync({ ...path(target), status: next, notes: note })}
    />
  );
}
