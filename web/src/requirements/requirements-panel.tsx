import { Group, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { type LevelProgress, useVersionRequirements } from '../api/requirements.js';
import type { Version } from '../api/types.js';
import { plural } from '../components/format.js';
import { QueryState } from '../components/query-state.js';
import { Section } from '../components/section.js';
import { ExclusionModal } from './exclusion-modal.js';
import { ExemptionList } from './exemption-list.js';
import { ExemptionModal } from './exemption-modal.js';
import { LevelBadge } from './level-badge.js';
import { useRequirementLiveUpdates } from './live.js';
import { ScoresSummary } from './scores-summary.js';
import { SetBlock } from './set-block.js';
import { StatusBadge } from './status-badge.js';

const SHOWN_MISSING = 6;

/** The level reached, the next one and what it still misses. */
export function LevelLine({ level }: { level: LevelProgress }) {
  return (
    <Stack gap={4} data-testid="requirement-level">
      <Group gap={6}>
        <Text size="sm">Level</Text>
        <LevelBadge level={level.reached} size="md" />
        {level.next && (
          <Text size="xs" c="dimmed">
            next: {level.next.name}, {plural(level.missing.length, 'requirement')} missing
          </Text>
        )}
      </Group>
      {level.missing.length > 0 && (
        <Group gap={4} wrap="wrap" data-testid="level-missing">
          {level.missing.slice(0, SHOWN_MISSING).map((m) => (
            <Group key={m.requirement.id} gap={2} wrap="nowrap">
              <StatusBadge kind="overall" status={m.effective} size="xs" />
              <Text
                size="xs"
                title={`${m.set}${m.requirement.level ? ` · ${m.requirement.level}` : ''}`}
              >
                {m.requirement.title}
              </Text>
            </Group>
          ))}
          {level.missing.length > SHOWN_MISSING && (
            <Text size="xs" c="dimmed">
              and {level.missing.length - SHOWN_MISSING} more
            </Text>
          )}
        </Group>
      )}
    </Stack>
  );
}

/**
 * The component page's requirements: per version (the latest first), the level reached and the
 * scores, then each applicable set with its requirement cards. Open pages follow other people's
 * changes live.
 */
export function RequirementsPanel({
  componentRef,
  versions,
}: {
  componentRef: string;
  versions: Version[];
}) {
  useRequirementLiveUpdates();
  const [chosen, setChosen] = useState<string | null>(null);
  const version =
    chosen && versions.some((v) => v.version === chosen) ? chosen : versions[0]?.version;
  const view = useVersionRequirements(componentRef, version);
  const [excluding, setExcluding] = useState<{ id: string; name: string } | null>(null);
  const [exempting, setExempting] = useState<{ id: string; title: string } | null>(null);
  return (
    <Section
      title="Requirements"
      testId="requirements"
      actions={
        versions.length > 0 ? (
          <Select
            aria-label="Version"
            size="xs"
            w={200}
            allowDeselect={false}
            data={versions.map((v, i) => ({
              value: v.version,
              label: i === 0 ? `${v.version} (latest)` : v.version,
            }))}
            value={version ?? null}
            onChange={setChosen}
          />
        ) : null
      }
    >
      {!version ? (
        <Text size="sm" c="dimmed">
          Requirements are tracked per version: add a version to set readiness and ask for sign-off.
        </Text>
      ) : (
        <QueryState query={view}>
          {(v) => (
            <Stack gap="xs">
              <Group justify="space-between" align="flex-start" gap="md">
                <LevelLine level={v.level} />
                <ScoresSummary scores={v.scores} />
              </Group>
              {v.sets.length === 0 && (
                <Text size="sm" c="dimmed">
                  No requirement set applies to this component.
                </Text>
              )}
              {v.sets.map((set) => (
                <SetBlock
                  key={set.id}
                  set={set}
                  componentRef={componentRef}
                  version={v.version}
                  onExclude={setExcluding}
                  onRequestExemption={setExempting}
                />
              ))}
              <ExemptionList componentRef={componentRef} />
              <ExclusionModal
                componentRef={componentRef}
                version={v.version}
                set={excluding}
                onClose={() => setExcluding(null)}
              />
              <ExemptionModal
                componentRef={componentRef}
                requirement={exempting}
                onClose={() => setExempting(null)}
              />
            </Stack>
          )}
        </QueryState>
      )}
    </Section>
  );
}
