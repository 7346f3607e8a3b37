import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Popover,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { Link } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { componentPath } from '../api/components.js';
import type { Component } from '../api/types.js';
import { formatDateTime, formatRelative } from '../components/format.js';
import { LifecycleBadge } from '../components/lifecycle-badge.js';
import { TeamLink } from '../people/team-link.js';
import { PersonLinks } from './person-links.js';

export type SortKey =
  | 'name'
  | 'type'
  | 'lifecycle'
  | 'category'
  | 'owner'
  | 'updated'
  | 'privacyClass';

export interface ComponentColumn {
  id: string;
  label: string;
  /** The list's sort field, when the column sorts. */
  sort?: SortKey;
  /** Shown until the person chooses otherwise. */
  shown: boolean;
  /** A floor for the column, so its badges and words never get squeezed to "EXPERIM…". */
  minWidth?: number;
  cell(c: Component): ReactNode;
}

const CHIPS_SHOWN = 4;

/** Chips that wrap inside their cell; past a few, "+N" names the rest in a tooltip. */
function Chips({ values, color = 'gray' }: { values: string[]; color?: string }) {
  if (values.length === 0) return null;
  const rest = values.slice(CHIPS_SHOWN);
  return (
    <Group gap={4} wrap="wrap">
      {values.slice(0, CHIPS_SHOWN).map((v) => (
        <Badge key={v} size="xs" variant="outline" color={color} radius="sm" tt="none" title={v}>
          {v}
        </Badge>
      ))}
      {rest.length > 0 && (
        <Tooltip label={rest.join(', ')} multiline maw={320} withArrow>
          <Text span size="xs" c="dimmed" tabIndex={0}>
            +{rest.length}
          </Text>
        </Tooltip>
      )}
    </Group>
  );
}

const text = (value: string | null) => (value ? <Text size="sm">{value}</Text> : null);

/** Every column the components table can show, in order. */
export const COMPONENT_COLUMNS: ComponentColumn[] = [
  {
    id: 'name',
    label: 'Name',
    sort: 'name',
    shown: true,
    minWidth: 140,
    cell: (c) => (
      <>
        <Anchor component={Link} to={componentPath(c.ref)} size="sm" fw={600}>
          {c.name}
        </Anchor>
        {c.namespace !== 'default' && (
          <Text span size="xs" c="dimmed">
            {' '}
            {c.namespace}
          </Text>
        )}
        {c.title && c.title !== c.name && (
          <Text size="xs" c="dimmed" lineClamp={2} title={c.title}>
            {c.title}
          </Text>
        )}
      </>
    ),
  },
  { id: 'type', label: 'Type', sort: 'type', shown: true, cell: (c) => text(c.type) },
  {
    id: 'lifecycle',
    label: 'Lifecycle',
    sort: 'lifecycle',
    shown: true,
    minWidth: 110,
    cell: (c) => <LifecycleBadge lifecycle={c.lifecycle} />,
  },
  {
    id: 'category',
    label: 'Category',
    sort: 'category',
    shown: true,
    cell: (c) => (
      <Text size="sm">
        {c.category ?? ''}
        {c.subcategory ? <Text span size="xs" c="dimmed">{` / ${c.subcategory}`}</Text> : null}
      </Text>
    ),
  },
  {
    id: 'owner',
    label: 'Owner',
    sort: 'owner',
    shown: true,
    cell: (c) =>
      c.owner === null ? (
        <Text span size="sm" c="dimmed">
          unowned
        </Text>
      ) : c.ownerRef?.startsWith('user:') ? (
        <PersonLinks usernames={[c.owner]} />
      ) : (
        <TeamLink name={c.owner} />
      ),
  },
  { id: 'tags', label: 'Tags', shown: true, cell: (c) => <Chips values={c.tags} /> },
  {
    id: 'languages',
    label: 'Languages',
    shown: true,
    cell: (c) => <Chips values={c.languages} color="indigo" />,
  },
  {
    id: 'latest',
    // "Latest" reads as the newest by date: it is the highest by version order (PRODUCT 1.1).
    label: 'Highest version',
    shown: true,
    cell: (c) => (
      <Text size="sm" className="mono">
        {c.latestVersion ?? ''}
      </Text>
    ),
  },
  {
    id: 'updated',
    label: 'Updated',
    sort: 'updated',
    shown: true,
    cell: (c) => (
      <Text size="xs" title={formatDateTime(c.updatedAt)}>
        {formatRelative(c.updatedAt)}
      </Text>
    ),
  },
  { id: 'system', label: 'System', shown: false, cell: (c) => text(c.system) },
  { id: 'vendor', label: 'Vendor', shown: false, cell: (c) => text(c.vendor) },
  {
    id: 'privacyClass',
    label: 'Privacy class',
    sort: 'privacyClass',
    shown: false,
    cell: (c) => text(c.privacyClass),
  },
  {
    id: 'frameworks',
    label: 'Frameworks',
    shown: false,
    cell: (c) => <Chips values={c.frameworks} color="indigo" />,
  },
  { id: 'space', label: 'Space', shown: false, cell: (c) => text(c.space) },
];

const DEFAULT_SHOWN = COMPONENT_COLUMNS.filter((c) => c.shown).map((c) => c.id);

/** The columns this browser shows (remembered in localStorage), in the table's order. */
export function useComponentColumns() {
  const [ids, setIds] = useLocalStorage<string[]>({
    key: 'argus.components.columns',
    defaultValue: DEFAULT_SHOWN,
    getInitialValueInEffect: false,
  });
  // Name always shows: it is the row's link. Unknown ids (a column since removed) are ignored.
  const chosen = new Set([...ids, 'name']);
  const columns = COMPONENT_COLUMNS.filter((c) => chosen.has(c.id));
  return { columns, chosen, setIds };
}

/** "Columns": a checklist of the columns; the choice is kept for the next visit. */
export function ColumnChooser({
  chosen,
  onChange,
}: {
  chosen: ReadonlySet<string>;
  onChange(ids: string[]): void;
}) {
  // Open until the button is pressed again or the person clicks elsewhere: one click per column.
  const [opened, setOpened] = useState(false);
  return (
    <Popover position="bottom-end" shadow="md" withinPortal opened={opened} onChange={setOpened}>
      <Popover.Target>
        <Button
          size="compact-xs"
          variant="default"
          aria-label="Choose columns"
          aria-expanded={opened}
          onClick={(e) => {
            e.stopPropagation();
            setOpened((o) => !o);
          }}
        >
          Columns
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={6} data-testid="column-chooser">
          {COMPONENT_COLUMNS.map((column) => (
            <Checkbox
              key={column.id}
              size="xs"
              label={column.label}
              checked={chosen.has(column.id)}
              disabled={column.id === 'name'}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                onChange(
                  COMPONENT_COLUMNS.filter((c) => (c.id === column.id ? on : chosen.has(c.id))).map(
                    (c) => c.id,
                  ),
                );
              }}
            />
          ))}
          <Button size="compact-xs" variant="subtle" onClick={() => onChange(DEFAULT_SHOWN)}>
            Default columns
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
