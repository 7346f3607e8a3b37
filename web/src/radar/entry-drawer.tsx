import {
  Alert,
  Anchor,
  Badge,
  Button,
  Drawer,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { componentPath } from '../api/components.js';
import { describeError } from '../api/problem.js';
import {
  type Entry,
  type Radar,
  useDeleteEntry,
  useLinkEntry,
  useMoveEntry,
  useUnlinkEntry,
} from '../api/radar.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { formatDateTime } from '../components/format.js';
import { Markdown } from '../components/markdown.js';
import { Section } from '../components/section.js';
import { EntryFormModal } from './entry-form-modal.js';
import { MOVE_TEXT } from './radar-chart.js';

const LINK_KINDS = ['language', 'framework', 'database', 'component'] as const;

/** Moves an entry: the ring it goes to and why (dated now). */
function MoveForm({ radar, entry }: { radar: Radar; entry: Entry }) {
  const move = useMoveEntry(entry.id);
  const [ring, setRing] = useState<string | null>(null);
  const [note, setNote] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (ring)
          move.mutate(
            { ring, note },
            {
              onSuccess: () => {
                setRing(null);
                setNote('');
              },
            },
          );
      }}
    >
      <Stack gap={6}>
        {move.error && (
          <Alert color="red" p="xs">
            {describeError(move.error)}
          </Alert>
        )}
        <Group gap={6} align="flex-end" wrap="nowrap">
          <Select
            label="Move to"
            size="xs"
            data={radar.rings.map((r) => r.name)}
            value={ring}
            onChange={setRing}
            w={140}
            data-testid="move-ring"
          />
          <TextInput
            label="Why"
            size="xs"
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button size="xs" type="submit" disabled={!ring} loading={move.isPending}>
            Move
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function LinkForm({ entry }: { entry: Entry }) {
  const link = useLinkEntry(entry.id);
  const [kind, setKind] = useState<(typeof LINK_KINDS)[number]>('language');
  const [target, setTarget] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        link.mutate({ kind, target }, { onSuccess: () => setTarget('') });
      }}
    >
      <Stack gap={6}>
        {link.error && (
          <Alert color="red" p="xs">
            {describeError(link.error)}
          </Alert>
        )}
        <Group gap={6} align="flex-end" wrap="nowrap">
          <Select
            label="Link to a"
            size="xs"
            data={[...LINK_KINDS]}
            value={kind}
            onChange={(v) => v && setKind(v as typeof kind)}
            allowDeselect={false}
            w={120}
          />
          <TextInput
            label={kind === 'component' ? 'Component (namespace/name)' : `The ${kind} as listed`}
            size="xs"
            value={target}
            onChange={(e) => setTarget(e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button size="xs" type="submit" disabled={!target.trim()} loading={link.isPending}>
            Link
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** One entry: its description, timeline of ring changes, links and the components using it. */
export function EntryDrawer({
  radar,
  entry,
  onClose,
}: {
  radar: Radar;
  entry: Entry | null;
  onClose(): void;
}) {
  const [editing, setEditing] = useState(false);
  const remove = useDeleteEntry();
  const unlink = useUnlinkEntry(entry?.id ?? '');
  return (
    <Drawer
      opened={entry !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={
        entry && (
          <Group gap={6}>
            <Title order={4} data-testid="entry-title">
              {entry.number}. {entry.label}
            </Title>
            <Badge variant="light">{entry.ring}</Badge>
            {!entry.active && <Badge color="gray">inactive</Badge>}
          </Group>
        )
      }
    >
      {entry && (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {entry.quadrant} · {MOVE_TEXT[entry.moved]}
            {entry.link && (
              <>
                {' · '}
                <Anchor href={entry.link} target="_blank" rel="noreferrer" size="sm">
                  {entry.link}
                </Anchor>
              </>
            )}
          </Text>
          {entry.description && <Markdown>{entry.description}</Markdown>}
          <Section title="Timeline" testId="entry-timeline">
            <Timeline active={entry.timeline.length - 1} bulletSize={14} lineWidth={2}>
              {[...entry.timeline].reverse().map((p) => (
                <Timeline.Item key={p.id} title={p.ring}>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(p.date)}
                  </Text>
                  {p.note && <Text size="sm">{p.note}</Text>}
                </Timeline.Item>
              ))}
            </Timeline>
            {radar.may.edit && <MoveForm radar={radar} entry={entry} />}
          </Section>
          <Section title="Stands for" testId="entry-links">
            {entry.links.length === 0 && (
              <Text size="sm" c="dimmed">
                Not linked to the catalog.
              </Text>
            )}
            {entry.links.map((l) => (
              <Group key={l.id} gap={6}>
                <Text size="sm">
                  {l.kind} {l.target}
                </Text>
                {radar.may.edit && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    onClick={() => unlink.mutate(l.id)}
                  >
                    Remove
                  </Button>
                )}
              </Group>
            ))}
            {radar.may.edit && <LinkForm entry={entry} />}
          </Section>
          <Section title={`Used by (${entry.usedBy.length})`} testId="entry-used-by">
            {entry.usedBy.length === 0 && (
              <Text size="sm" c="dimmed">
                No component is known to use it: link it to a language, framework, database or
                component.
              </Text>
            )}
            {entry.usedBy.map((u) => (
              <Group key={u.ref} gap={6}>
                <Anchor component={Link} to={componentPath(u.ref)} size="sm">
                  {u.title}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {u.via}
                </Text>
              </Group>
            ))}
          </Section>
          {radar.may.edit && (
            <Group gap={6}>
              <Button size="xs" variant="default" onClick={() => setEditing(true)}>
                Edit
              </Button>
              <ConfirmButton
                label="Delete"
                confirm={`Delete ${entry.label} with its timeline and links? History keeps a record.`}
                loading={remove.isPending}
                onConfirm={() => remove.mutate(entry.id, { onSuccess: onClose })}
              />
            </Group>
          )}
          <EntryFormModal
            radar={radar}
            entry={entry}
            opened={editing}
            onClose={() => setEditing(false)}
          />
        </Stack>
      )}
    </Drawer>
  );
}
