import {
  Anchor,
  Badge,
  Button,
  Group,
  Select,
  SimpleGrid,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { componentPath } from '../api/components.js';
import { useAddDependency, useRemoveDependency } from '../api/dependencies.js';
import { ApiError, describeError } from '../api/problem.js';
import type { ComponentRights, Dependency, DependencyType, Version } from '../api/types.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { Section } from '../components/section.js';
import { ComponentPicker } from './component-picker.js';
import { DEPENDENCY_COLORS, DEPENDENCY_HELP, dependencyKind } from './dependency-style.js';

const TYPES = Object.keys(DEPENDENCY_HELP) as DependencyType[];

function TypeBadge({ type }: { type: string }) {
  return (
    <Badge
      size="xs"
      variant="light"
      color={DEPENDENCY_COLORS[dependencyKind(type)]}
      title={DEPENDENCY_HELP[type]}
      tt="none"
    >
      {type}
    </Badge>
  );
}

function DependencyTable({
  rows,
  other,
  removable,
  onRemove,
}: {
  rows: Dependency[];
  other: (d: Dependency) => string;
  /** Ids of the rows the person may remove (owners of the component each starts from). */
  removable: ReadonlySet<string>;
  onRemove(d: Dependency): void;
}) {
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        None.
      </Text>
    );
  }
  return (
    <Table withTableBorder className="dense-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Component</Table.Th>
          <Table.Th>Type</Table.Th>
          <Table.Th>Version</Table.Th>
          <Table.Th>Notes</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((d) => (
          <Table.Tr key={d.id}>
            <Table.Td>
              <Anchor component={Link} to={componentPath(other(d))} size="sm">
                {other(d).replace(/^component:(default\/)?/, '')}
              </Anchor>
            </Table.Td>
            <Table.Td>
              <TypeBadge type={d.type} />
            </Table.Td>
            <Table.Td className="mono">{d.fromVersion ?? 'all'}</Table.Td>
            <Table.Td title={d.notes}>{d.notes}</Table.Td>
            <Table.Td ta="right">
              {removable.has(d.id) && (
                <ConfirmButton
                  label="Remove"
                  confirm={`Remove ${d.from} → ${d.to}?`}
                  onConfirm={() => onRemove(d)}
                />
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Depends on / dependents, both ways, with add and remove where the person's rights allow. */
export function DependenciesPanel({
  componentRef,
  dependsOn,
  dependents,
  versions,
  may,
}: {
  componentRef: string;
  dependsOn: Dependency[];
  dependents: Dependency[];
  versions: Version[];
  /** Owner team members and admins add dependencies from this component. */
  may: ComponentRights;
}) {
  const add = useAddDependency();
  const remove = useRemoveDependency();
  const [target, setTarget] = useState<string | null>(null);
  const [type, setType] = useState<DependencyType>('strong_rw');
  const [fromVersion, setFromVersion] = useState<string | null>(null);
  const [notes, setNotes] = useState('');
  const self = componentRef.replace(/^component:/, '');
  const addError = add.error instanceof ApiError ? add.error : null;
  const removable = new Set(may.removeDependencies);

  const submit = () => {
    if (!target) return;
    add.mutate(
      { from: componentRef, to: target, type, notes, ...(fromVersion ? { fromVersion } : {}) },
      {
        onSuccess: () => {
          setTarget(null);
          setNotes('');
          setFromVersion(null);
        },
      },
    );
  };
  const onRemove = (d: Dependency) =>
    remove.mutate(d, {
      onError: (e) =>
        notifications.show({ color: 'red', title: 'Not removed', message: describeError(e) }),
    });

  return (
    <Section title="Dependencies" testId="dependencies">
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <div>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={4}>
            Depends on ({dependsOn.length})
          </Text>
          <DependencyTable
            rows={dependsOn}
            other={(d) => d.to}
            removable={removable}
            onRemove={onRemove}
          />
        </div>
        <div>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={4}>
            Dependents ({dependents.length})
          </Text>
          <DependencyTable
            rows={dependents}
            other={(d) => d.from}
            removable={removable}
            onRemove={onRemove}
          />
        </div>
      </SimpleGrid>
      {may.addDependency && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Group gap={6} mt="sm" align="flex-start" wrap="nowrap">
            <ComponentPicker
              size="xs"
              placeholder="Add: depends on..."
              aria-label="Dependency target"
              value={target}
              onChange={setTarget}
              exclude={self}
              w={240}
              error={addError?.reasonsFor('to').join('; ') || undefined}
            />
            <Select
              size="xs"
              aria-label="Dependency type"
              data={TYPES}
              value={type}
              onChange={(v) => setType((v ?? 'strong_rw') as DependencyType)}
              allowDeselect={false}
              w={130}
            />
            <Select
              size="xs"
              aria-label="From version"
              placeholder="all versions"
              data={versions.map((v) => v.version)}
              value={fromVersion}
              onChange={setFromVersion}
              clearable
              w={120}
            />
            <TextInput
              size="xs"
              placeholder="notes"
              aria-label="Dependency notes"
              value={notes}
              onChange={(e) => setNotes(e.currentTarget.value)}
              style={{ flex: 1 }}
            />
            <Button size="xs" type="submit" disabled={!target} loading={add.isPending}>
              Add
            </Button>
          </Group>
          {add.error && !addError?.reasonsFor('to').length && (
            <Text size="xs" c={addError?.status === 403 ? 'orange.8' : 'red'} mt={4}>
              {describeError(add.error)}
            </Text>
          )}
        </form>
      )}
    </Section>
  );
}
