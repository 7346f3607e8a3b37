import { Anchor, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import {
  edgeStyle,
  KIND_STYLES,
  LIFECYCLE_ORDER,
  lifecycleColor,
  RELATION_EDGES,
} from './graph-style.js';

function EdgeSample({ type, label }: { type: string; label: string }) {
  const s = edgeStyle(type);
  return (
    <Group gap={6} wrap="nowrap">
      <svg width="34" height="8" aria-hidden="true">
        <line
          x1="0"
          y1="4"
          x2="34"
          y2="4"
          stroke={s.stroke}
          strokeWidth={s.strokeWidth + 0.4}
          strokeDasharray={s.strokeDasharray}
        />
      </svg>
      <Text size="xs">{label}</Text>
    </Group>
  );
}

/** What the colours and line styles mean. */
export function GraphLegend() {
  const [open, setOpen] = useState(true);
  return (
    <Paper withBorder shadow="xs" p={8} data-testid="graph-legend">
      <Anchor size="xs" fw={700} onClick={() => setOpen((o) => !o)} c="dark">
        {open ? 'Legend ▾' : 'Legend ▸'}
      </Anchor>
      <Stack gap={3} display={open ? undefined : 'none'} mt={4}>
        <Text size="xs" fw={700}>
          Lifecycle
        </Text>
        {LIFECYCLE_ORDER.map((l) => (
          <Group key={l} gap={6} wrap="nowrap">
            <div
              style={{
                width: 14,
                height: 10,
                borderRadius: 2,
                background: lifecycleColor(l, 0),
                border: `1px solid ${lifecycleColor(l, 5)}`,
                borderLeftWidth: 4,
              }}
            />
            <Text size="xs">{l}</Text>
          </Group>
        ))}
        <Text size="xs" fw={700} mt={4}>
          Dependency
        </Text>
        <EdgeSample type="strong_rw" label="strong (cannot run without)" />
        <EdgeSample type="weak_rw" label="weak (some functions)" />
        <EdgeSample type="compile_time" label="compile time" />
        {Object.entries(RELATION_EDGES).map(([type, { label }]) => (
          <EdgeSample key={type} type={type} label={label} />
        ))}
        <Text size="xs" c="dimmed">
          Arrows point at the dependency.
        </Text>
        <Text size="xs" fw={700} mt={4}>
          Other kinds
        </Text>
        {Object.entries(KIND_STYLES).map(([kind, style]) => (
          <Group key={kind} gap={6} wrap="nowrap" data-testid={`legend-kind-${kind}`}>
            <div
              style={{
                width: 14,
                height: 10,
                borderRadius: style.borderRadius,
                background: `var(--mantine-color-${style.color}-0)`,
                border: `${Math.min(style.borderWidth, 3)}px ${style.borderStyle} var(--mantine-color-${style.color}-6)`,
              }}
            />
            <Text size="xs">{style.label}</Text>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
