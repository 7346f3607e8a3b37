import { Anchor, Badge, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Component } from '../api/types.js';
import { formatDateTime } from '../components/format.js';
import { KeyValues } from '../components/key-values.js';
import { LifecycleBadge } from '../components/lifecycle-badge.js';
import { Markdown } from '../components/markdown.js';
import { SystemLink } from '../components/system-link.js';
import { TagList } from '../components/tag-list.js';
import { OwnerTitleLink } from '../entities/entity-links.js';

function mapList(map: Record<string, string>) {
  const entries = Object.entries(map);
  if (entries.length === 0) return '';
  return (
    <Stack gap={0}>
      {entries.map(([k, v]) => (
        <Text key={k} size="xs" className="mono">
          {k}={v}
        </Text>
      ))}
    </Stack>
  );
}

/** Facts split over two columns, so the summary stays short on a wide screen. */
function TwoColumns({ rows }: { rows: [string, ReactNode][] }) {
  const half = Math.ceil(rows.length / 2);
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xs">
      <KeyValues rows={rows.slice(0, half)} labelWidth={120} />
      <KeyValues rows={rows.slice(half)} labelWidth={120} />
    </SimpleGrid>
  );
}

/** Every field of a component; the description rendered as Markdown. */
export function ComponentSummary({ component: c }: { component: Component }) {
  return (
    <Stack gap="xs">
      {c.description ? (
        <Markdown data-testid="description">{c.description}</Markdown>
      ) : (
        <Text size="sm" c="dimmed">
          No description.
        </Text>
      )}
      <TwoColumns
        rows={[
          ['Type', c.type ?? ''],
          ['Lifecycle', <LifecycleBadge key="l" lifecycle={c.lifecycle} />],
          ['Category', [c.category, c.subcategory].filter(Boolean).join(' / ')],
          ['Vendor', c.vendor ?? ''],
          ['Data privacy class', c.privacyClass ?? ''],
          [
            'Location classes',
            c.locationClasses.length ? <TagList key="lc" values={c.locationClasses} /> : '',
          ],
          // A team by its title, a person by their name, each linking to its page.
          ['Owner', <OwnerTitleLink key="o" owner={c.owner} ownerRef={c.ownerRef} />],
          ['System', c.system ? <SystemLink key="s" system={c.system} /> : ''],
          ['Space', c.space ?? ''],
          ['Tags', c.tags.length ? <TagList key="t" values={c.tags} /> : ''],
          [
            'Languages',
            c.languages.length ? <TagList key="la" values={c.languages} color="indigo" /> : '',
          ],
          [
            'Frameworks',
            c.frameworks.length ? <TagList key="f" values={c.frameworks} color="indigo" /> : '',
          ],
          ['Labels', mapList(c.labels)],
          ['Annotations', mapList(c.annotations)],
          [
            'Links',
            c.links.length ? (
              <Stack key="li" gap={0}>
                {c.links.map((l) => (
                  <Group key={l.url} gap={4} wrap="nowrap">
                    <Anchor href={l.url} target="_blank" rel="noreferrer" size="sm">
                      {l.title || l.url}
                    </Anchor>
                    {l.type && (
                      <Badge size="xs" variant="outline" tt="none">
                        {l.type}
                      </Badge>
                    )}
                  </Group>
                ))}
              </Stack>
            ) : (
              ''
            ),
          ],
          [
            'Endpoints',
            c.endpoints.length ? (
              <Stack key="e" gap={0}>
                {c.endpoints.map((e) => (
                  <Text key={e} size="xs" className="mono">
                    {e}
                  </Text>
                ))}
              </Stack>
            ) : (
              ''
            ),
          ],
          ['Highly loaded', c.highlyLoaded ? 'yes' : 'no'],
          [
            'Custom attributes',
            Object.keys(c.attributes).length ? (
              <Text key="at" size="xs" className="mono preline">
                {JSON.stringify(c.attributes, null, 1)}
              </Text>
            ) : (
              ''
            ),
          ],
          ['Created', formatDateTime(c.createdAt)],
          ['Updated', formatDateTime(c.updatedAt)],
        ]}
      />
    </Stack>
  );
}
