import {
  Badge,
  Button,
  Group,
  Paper,
  Portal,
  SimpleGrid,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useState } from 'react';
import { type Entry, type Radar, useRadar, useRadarLiveUpdates } from '../api/radar.js';
import { Markdown } from '../components/markdown.js';
import { QueryState } from '../components/query-state.js';
import { EntryDrawer } from './entry-drawer.js';
import { EntryFormModal } from './entry-form-modal.js';
import classes from './radar.module.css';
import { MOVE_TEXT, RadarChart } from './radar-chart.js';
import { StructureModal } from './structure-modal.js';

/** What hovering a blip or a legend line shows: the entry, its ring, and who uses it. */
function BlipDetails({ entry, at }: { entry: Entry; at: { x: number; y: number } }) {
  const left = Math.min(at.x + 8, window.innerWidth - 340);
  return (
    <Portal>
      <Paper
        shadow="md"
        withBorder
        p="xs"
        w={320}
        className={classes.details}
        style={{ position: 'fixed', left, top: Math.max(at.y, 8), zIndex: 300 }}
        data-testid="blip-details"
      >
        <Group gap={6} wrap="nowrap">
          <Text fw={700}>
            {entry.number}. {entry.label}
          </Text>
          <Badge size="xs" variant="light">
            {entry.ring}
          </Badge>
          <Text size="xs" c="dimmed">
            {MOVE_TEXT[entry.moved]}
          </Text>
        </Group>
        {entry.description && (
          <Markdown mt={4} style={{ maxHeight: 160, overflow: 'hidden' }}>
            {entry.description}
          </Markdown>
        )}
        <Text size="xs" c="dimmed" mt={4}>
          {entry.usedBy.length === 0
            ? 'No component is known to use it.'
            : `Used by ${entry.usedBy.map((u) => u.title).join(', ')}`}
        </Text>
      </Paper>
    </Portal>
  );
}

/** Each quadrant's entries by ring, numbered as their blips. */
function Legend({
  radar,
  onHover,
  onSelect,
}: {
  radar: Radar;
  onHover(entry: Entry | null, at: { x: number; y: number } | null): void;
  onSelect(entry: Entry): void;
}) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: Math.min(radar.quadrants.length, 4) }} spacing="sm">
      {radar.quadrants.map((q) => (
        <Paper
          key={q.id}
          withBorder
          p="xs"
          className={classes.legend}
          data-testid="legend-quadrant"
        >
          <Title order={6}>{q.name}</Title>
          {radar.rings.map((ring) => {
            const entries = radar.entries.filter(
              (e) => e.quadrant === q.name && e.ring === ring.name,
            );
            if (entries.length === 0) return null;
            return (
              <div key={ring.id}>
                <Text size="xs" fw={700} tt="uppercase" mt={6} style={{ color: ring.color }}>
                  {ring.name}
                </Text>
                {entries.map((e) => (
                  <UnstyledButton
                    key={e.id}
                    display="block"
                    fz="sm"
                    data-testid="legend-entry"
                    data-entry={e.label}
                    c={e.active ? undefined : 'dimmed'}
                    onMouseEnter={(event) => {
                      const box = event.currentTarget.getBoundingClientRect();
                      onHover(e, { x: box.right, y: box.top });
                    }}
                    onMouseLeave={() => onHover(null, null)}
                    onClick={() => onSelect(e)}
                  >
                    {e.number}. {e.label}
                    {e.moved !== 'unchanged' && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        ({MOVE_TEXT[e.moved]})
                      </Text>
                    )}
                  </UnstyledButton>
                ))}
              </div>
            );
          })}
        </Paper>
      ))}
    </SimpleGrid>
  );
}

/**
 * The tech radar (PRODUCT 3): drawn with d3, a legend per quadrant, details on hover, an entry's
 * timeline, links and users in a drawer; admins add entries, move them and edit quadrants and
 * rings. Prints on one page (radar.module.css).
 */
export function RadarPage() {
  const radar = useRadar();
  useRadarLiveUpdates();
  const [hover, setHover] = useState<{ entry: Entry; at: { x: number; y: number } } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [structure, setStructure] = useState(false);
  const onHover = (entry: Entry | null, at: { x: number; y: number } | null) =>
    setHover(entry && at ? { entry, at } : null);

  return (
    <QueryState query={radar}>
      {(r) => (
        <Stack gap="sm" className={classes.page}>
          <Group justify="space-between">
            <div>
              <Title order={3}>Tech radar</Title>
              <Text size="xs" c="dimmed" className={classes.key}>
                ● not moved · ▲ moved in · ▼ moved out · ★ new (first seen in the last {r.newDays}{' '}
                days) · grey: inactive · components using an entry on{' '}
                {r.rings.at(-1)?.name ?? 'Hold'} are flagged on their pages
              </Text>
            </div>
            <Group gap={6} className={classes.noPrint}>
              <Button size="xs" variant="default" onClick={() => window.print()}>
                Print
              </Button>
              {r.may.edit && (
                <>
                  <Button size="xs" variant="default" onClick={() => setStructure(true)}>
                    Quadrants and rings
                  </Button>
                  <Button size="xs" onClick={() => setAdding(true)}>
                    Add entry
                  </Button>
                </>
              )}
            </Group>
          </Group>
          {r.entries.length === 0 && (
            <Text size="sm" c="dimmed">
              No entries yet.{' '}
              {r.may.edit
                ? 'Add one, or import a Zalando or Backstage radar file (argus radar import).'
                : ''}
            </Text>
          )}
          <div className={classes.chart}>
            <RadarChart
              radar={r}
              highlighted={hover?.entry.id ?? null}
              onHover={onHover}
              onSelect={(e) => setSelected(e.id)}
            />
          </div>
          <Legend radar={r} onHover={onHover} onSelect={(e) => setSelected(e.id)} />
          {hover && <BlipDetails entry={hover.entry} at={hover.at} />}
          <EntryDrawer
            radar={r}
            entry={r.entries.find((e) => e.id === selected) ?? null}
            onClose={() => setSelected(null)}
          />
          <EntryFormModal radar={r} opened={adding} onClose={() => setAdding(false)} />
          <StructureModal radar={r} opened={structure} onClose={() => setStructure(false)} />
        </Stack>
      )}
    </QueryState>
  );
}
