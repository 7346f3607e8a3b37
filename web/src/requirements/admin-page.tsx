import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useMe } from '../api/auth.js';
import { describeError } from '../api/problem.js';
import {
  type Requirement,
  type RequirementLevel,
  type RequirementSet,
  useDeleteLevel,
  useDeleteRequirement,
  useDeleteSet,
  useLevels,
  useOrderLevels,
  useOrderSets,
  useRequirementList,
  useRequirementSets,
} from '../api/requirements.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { QueryState } from '../components/query-state.js';
import { useSearchState } from '../components/use-search-params.js';
import { dashboardPath } from './dashboard-search.js';
import { LevelBadge } from './level-badge.js';
import { LevelFormModal } from './level-form-modal.js';
import { useRequirementLiveUpdates } from './live.js';
import { moved } from './reorder.js';
import { RequirementFormModal } from './requirement-form-modal.js';
import { SetFormModal } from './set-form-modal.js';

const fail = (title: string) => (error: unknown) =>
  notifications.show({ color: 'red', title, message: describeError(error) });

/** Up and down buttons that move a row of an ordered list; `onOrder` gets the new order of ids. */
function MoveCell({
  ids,
  index,
  name,
  onOrder,
}: {
  ids: string[];
  index: number;
  name: string;
  onOrder(ids: string[]): void;
}) {
  const move = (delta: number) => onOrder(moved(ids, index, delta));
  return (
    <Table.Td>
      <Group gap={2} wrap="nowrap">
        <ActionIcon
          size="sm"
          variant="subtle"
          disabled={index === 0}
          onClick={() => move(-1)}
          aria-label={`Move ${name} up`}
        >
          ↑
        </ActionIcon>
        <ActionIcon
          size="sm"
          variant="subtle"
          disabled={index === ids.length - 1}
          onClick={() => move(1)}
          aria-label={`Move ${name} down`}
        >
          ↓
        </ActionIcon>
      </Group>
    </Table.Td>
  );
}

/** A row's Edit and Delete (asks first). */
function RowActions({
  onEdit,
  confirm,
  onDelete,
}: {
  onEdit(): void;
  confirm: string;
  onDelete(): void;
}) {
  return (
    <Table.Td>
      <Group gap={2} justify="flex-end" wrap="nowrap">
        <Button size="compact-xs" variant="subtle" onClick={onEdit}>
          Edit
        </Button>
        <ConfirmButton label="Delete" confirm={confirm} onConfirm={onDelete} />
      </Group>
    </Table.Td>
  );
}

function SetsPanel() {
  const sets = useRequirementSets();
  const order = useOrderSets();
  const remove = useDeleteSet();
  const [editing, setEditing] = useState<RequirementSet | 'new' | null>(null);
  return (
    <Stack gap="xs">
      <Group justify="flex-end">
        <Button size="xs" onClick={() => setEditing('new')}>
          New set
        </Button>
      </Group>
      <QueryState query={sets}>
        {(items) => (
          <Table withTableBorder striped data-testid="admin-sets">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={70}>Order</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th>Reviewer teams</Table.Th>
                <Table.Th>Applies to</Table.Th>
                <Table.Th>Requirements</Table.Th>
                <Table.Th w={130} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((s, i) => (
                <Table.Tr key={s.id} data-set={s.name}>
                  <MoveCell
                    ids={items.map((x) => x.id)}
                    index={i}
                    name={s.name}
                    onOrder={(ids) => order.mutate(ids, { onError: fail('Not moved') })}
                  />
                  <Table.Td>
                    <Anchor component={Link} to={dashboardPath(s.name)} size="sm" fw={600}>
                      {s.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td fz="sm">
                    {s.reviewerTeams.join(', ') || (
                      <Text span c="dimmed" size="sm">
                        none
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td fz="xs" className="mono">
                    {s.applicability || (
                      <Text span c="dimmed" size="xs">
                        every component
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td fz="sm">{s.requirements.length}</Table.Td>
                  <RowActions
                    onEdit={() => setEditing(s)}
                    confirm={`Delete the set "${s.name}"? Its statuses stay with the requirements of other sets; refused while a requirement is only in this set.`}
                    onDelete={() => remove.mutate(s.id, { onError: fail('Not deleted') })}
                  />
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
      <SetFormModal
        key={editing === 'new' ? 'new' : (editing?.id ?? 'none')}
        set={editing && editing !== 'new' ? editing : undefined}
        opened={editing !== null}
        onClose={() => setEditing(null)}
      />
    </Stack>
  );
}

function RequirementsPanel() {
  const sets = useRequirementSets().data ?? [];
  const [set, setSet] = useState<string | null>(null);
  const list = useRequirementList(set ?? undefined);
  const remove = useDeleteRequirement();
  const [editing, setEditing] = useState<Requirement | 'new' | null>(null);
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Select
          size="xs"
          w={260}
          placeholder="every set"
          clearable
          aria-label="Set"
          data={sets.map((s) => s.name)}
          value={set}
          onChange={setSet}
        />
        <Button
          size="xs"
          onClick={() => setEditing('new')}
          disabled={sets.length === 0}
          title={sets.length === 0 ? 'add a set first' : undefined}
        >
          New requirement
        </Button>
      </Group>
      <QueryState query={list}>
        {(items) => (
          <Table withTableBorder striped data-testid="admin-requirements">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Title</Table.Th>
                <Table.Th>Sets</Table.Th>
                <Table.Th>Level</Table.Th>
                <Table.Th>Mandatory</Table.Th>
                <Table.Th w={130} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id} data-requirement={r.title}>
                  <Table.Td fz="sm" fw={500}>
                    {r.title}
                  </Table.Td>
                  <Table.Td fz="sm">{r.sets.map((s) => s.name).join(', ')}</Table.Td>
                  <Table.Td fz="sm">{r.level ?? ''}</Table.Td>
                  <Table.Td>
                    {r.mandatory && (
                      <Badge size="xs" color="red" variant="outline" tt="none">
                        for production
                      </Badge>
                    )}
                  </Table.Td>
                  <RowActions
                    onEdit={() => setEditing(r)}
                    confirm={`Delete "${r.title}" with its statuses and exemptions? History keeps a record.`}
                    onDelete={() => remove.mutate(r.id, { onError: fail('Not deleted') })}
                  />
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
      <RequirementFormModal
        key={editing === 'new' ? 'new' : (editing?.id ?? 'none')}
        requirement={editing && editing !== 'new' ? editing : undefined}
        opened={editing !== null}
        onClose={() => setEditing(null)}
      />
    </Stack>
  );
}

function LevelsPanel() {
  const levels = useLevels();
  const order = useOrderLevels();
  const remove = useDeleteLevel();
  const [editing, setEditing] = useState<RequirementLevel | 'new' | null>(null);
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          The ladder, lowest first: a version reaches a level when every applicable requirement of
          it and of all lower levels is ok or n/a.
        </Text>
        <Button size="xs" onClick={() => setEditing('new')}>
          New level
        </Button>
      </Group>
      {remove.error && (
        <Alert
          color="orange"
          title="Not deleted"
          withCloseButton
          onClose={() => remove.reset()}
          p="xs"
        >
          {describeError(remove.error)}
        </Alert>
      )}
      <QueryState query={levels}>
        {(items) => (
          <Table withTableBorder striped data-testid="admin-levels">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={70}>Order</Table.Th>
                <Table.Th>Level</Table.Th>
                <Table.Th>Description</Table.Th>
                <Table.Th>Requirements</Table.Th>
                <Table.Th w={130} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((l, i) => (
                <Table.Tr key={l.id} data-level={l.name}>
                  <MoveCell
                    ids={items.map((x) => x.id)}
                    index={i}
                    name={l.name}
                    onOrder={(ids) => order.mutate(ids, { onError: fail('Not moved') })}
                  />
                  <Table.Td>
                    <LevelBadge level={l} />
                  </Table.Td>
                  <Table.Td fz="sm">{l.description}</Table.Td>
                  <Table.Td fz="sm">{l.requirements}</Table.Td>
                  <RowActions
                    onEdit={() => setEditing(l)}
                    confirm={`Delete the level "${l.name}"? Refused while requirements use it.`}
                    onDelete={() => remove.mutate(l.id)}
                  />
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
      <LevelFormModal
        key={editing === 'new' ? 'new' : (editing?.id ?? 'none')}
        level={editing && editing !== 'new' ? editing : undefined}
        opened={editing !== null}
        onClose={() => setEditing(null)}
      />
    </Stack>
  );
}

const TABS = ['sets', 'requirements', 'levels'] as const;

/** Admins define the sets, the requirements and the level ladder; others are told who does. */
export function AdminPage() {
  useRequirementLiveUpdates();
  const me = useMe().data;
  const [search, setSearch] = useSearchState<{ tab?: string }>();
  const tab = TABS.includes(search.tab as (typeof TABS)[number]) ? search.tab! : 'sets';
  return (
    <Stack gap="sm">
      <Group gap="xs" align="baseline">
        <Anchor component={Link} to="/requirements" size="sm">
          Requirements
        </Anchor>
        <Title order={3}>Manage requirements</Title>
      </Group>
      {!me?.isAdmin ? (
        <Alert color="orange" title="Admins only" p="xs">
          Only admins define requirement sets, requirements and levels. Everyone reads them under
          Requirements.
        </Alert>
      ) : (
        <Tabs
          value={tab}
          onChange={(t) => setSearch({ tab: t === 'sets' ? undefined : (t ?? undefined) })}
        >
          <Tabs.List>
            <Tabs.Tab value="sets">Sets</Tabs.Tab>
            <Tabs.Tab value="requirements">Requirements</Tabs.Tab>
            <Tabs.Tab value="levels">Levels</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="sets" pt="xs">
            <SetsPanel />
          </Tabs.Panel>
          <Tabs.Panel value="requirements" pt="xs">
            <RequirementsPanel />
          </Tabs.Panel>
          <Tabs.Panel value="levels" pt="xs">
            <LevelsPanel />
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}
