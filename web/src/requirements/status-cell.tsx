import { Popover, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import type { DashboardCell } from '../api/requirements.js';
import { CellDetail } from './cell-detail.js';
import { lookOf, OVERALL_LOOK } from './status-labels.js';

/**
 * One cell of the set dashboard: the overall status as colour, glyph and word; an active
 * exemption says so. Its accessible name reads the whole cell ("Has a runbook, payments-api:
 * waiting, ready, waiting for a reviewer to approve"). A click opens who set what, when.
 */
export function StatusCell({
  cell,
  componentRef,
  version,
  title,
  excluded,
}: {
  cell: DashboardCell;
  componentRef: string;
  /** Null: the component has no version, so nothing to open. */
  version: string | null;
  /** The requirement's title, for the accessible name. */
  title: string;
  /** The set is marked not applicable for this version. */
  excluded: boolean;
}) {
  const [open, setOpen] = useState(false);
  const look = lookOf(OVERALL_LOOK, cell.overall);
  const word = excluded ? 'set n/a' : cell.exempted ? `${look.label} · exempt` : look.label;
  const label = `${title}, ${componentRef.replace(/^component:/, '')}: ${word}, ${
    excluded ? 'the set is not applicable to this version' : look.help
  }`;
  const face = (
    <UnstyledButton
      aria-label={label}
      title={label}
      data-overall={cell.overall}
      data-requirement={cell.requirementId}
      disabled={!version}
      onClick={() => setOpen((o) => !o)}
      px={6}
      py={2}
      w="100%"
      style={{
        borderRadius: 4,
        background: excluded
          ? 'var(--mantine-color-gray-1)'
          : `var(--mantine-color-${look.color}-light)`,
        border: `1px solid var(--mantine-color-${excluded ? 'gray' : look.color}-outline)`,
        whiteSpace: 'nowrap',
      }}
    >
      <Text span size="xs" fw={600} c={excluded ? 'dimmed' : `${look.color}.9`}>
        <span aria-hidden>{excluded ? '–' : cell.exempted ? '–' : look.glyph}</span> {word}
      </Text>
    </UnstyledButton>
  );
  if (!version) return face;
  return (
    <Popover opened={open} onChange={setOpen} width={340} position="bottom" withArrow shadow="md">
      <Popover.Target>{face}</Popover.Target>
      <Popover.Dropdown>
        {open && (
          <CellDetail
            componentRef={componentRef}
            version={version}
            requirementId={cell.requirementId}
          />
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
