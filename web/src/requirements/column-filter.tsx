import { Button, Checkbox, Group, Popover, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { type ColumnFilter, type FilterSide, SIDE_CHOICES, SIDES } from './dashboard-search.js';
import { lookOf, OVERALL_LOOK, OWNER_LOOK, REVIEWER_LOOK } from './status-labels.js';

const LOOKS = { overall: OVERALL_LOOK, owner: OWNER_LOOK, reviewer: REVIEWER_LOOK };

/** "owner: ready, n/a": a column filter as a person reads it. */
export function describeColumnFilter(f: ColumnFilter): string {
  return `${f.side}: ${f.statuses.map((s) => lookOf(LOOKS[f.side], s).label).join(', ')}`;
}

/**
 * A column's filter: pick the side (overall, owner or reviewer) and the statuses to keep.
 * The header button names the active filter, so the table says why rows are missing.
 */
export function ColumnFilterButton({
  title,
  value,
  onChange,
}: {
  title: string;
  value: ColumnFilter | undefined;
  onChange(side: FilterSide, statuses: string[]): void;
}) {
  const [open, setOpen] = useState(false);
  const [side, setSide] = useState<FilterSide>(value?.side ?? 'overall');
  const picked = value && value.side === side ? value.statuses : [];
  return (
    <Popover opened={open} onChange={setOpen} width={240} position="bottom" withArrow shadow="md">
      <Popover.Target>
        <Button
          size="compact-xs"
          variant={value ? 'light' : 'subtle'}
          color={value ? 'indigo' : 'gray'}
          onClick={() => setOpen((o) => !o)}
          aria-label={`Filter ${title}`}
          data-testid="column-filter"
          styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
        >
          {value ? describeColumnFilter(value) : 'filter'}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={6}>
          <Text size="xs" fw={600}>
            {title}
          </Text>
          <SegmentedControl
            size="xs"
            data={SIDES}
            value={side}
            onChange={(s) => setSide(s as FilterSide)}
            aria-label="Side"
          />
          <Checkbox.Group value={picked} onChange={(statuses) => onChange(side, statuses)}>
            <Stack gap={4}>
              {SIDE_CHOICES[side].map((status) => (
                <Checkbox
                  key={status}
                  size="xs"
                  value={status}
                  label={lookOf(LOOKS[side], status).label}
                />
              ))}
            </Stack>
          </Checkbox.Group>
          <Group justify="flex-end">
            <Button
              size="compact-xs"
              variant="subtle"
              color="gray"
              disabled={!value}
              onClick={() => onChange(side, [])}
            >
              Clear
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
