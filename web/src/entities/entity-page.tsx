import { Anchor, Grid, Stack } from '@mantine/core';
import { useNavigate, useParams } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import {
  type Entity,
  type EntityKind,
  type EntityPage as EntityPageView,
  useDeleteEntity,
  useEntityPage,
} from '../api/entities.js';
import { useRefHistory } from '../api/history.js';
import { ItemHeader } from '../catalog/item-header.js';
import { HistoryTable } from '../components/history-table.js';
import { KeyValues } from '../components/key-values.js';
import { Markdown, safeUrl } from '../components/markdown.js';
import { ErrorAlert, QueryState } from '../components/query-state.js';
import { Section } from '../components/section.js';
import { TagList } from '../components/tag-list.js';
import { ApiDefinition } from './api-definition.js';
import { EntityFormModal } from './entity-form-modal.js';
import { OwnerTitleLink, RefLink, RefList } from './entity-links.js';
import { KINDS } from './kinds.js';

/** What belongs to an entity or names it, by kind: [heading, the page's list]. */
const RELATED: Record<EntityKind, [string, keyof EntityPageView][]> = {
  domain: [['Systems', 'systems']],
  system: [
    ['Components', 'components'],
    ['APIs', 'apis'],
    ['Resources', 'resources'],
  ],
  api: [
    ['Provided by', 'providers'],
    ['Consumed by', 'consumers'],
  ],
  resource: [['Components that depend on it', 'dependents']],
};

/** The facts of the summary: owner, type, lifecycle, what it belongs to, tags, links. */
function summaryRows(kind: EntityKind, e: Entity): [string, ReactNode][] {
  const rows: [string, ReactNode][] = [
    ['Owner', <OwnerTitleLink key="owner" ownerRef={e.ownerRef} owner={e.owner} />],
    ['Type', e.type],
    ['Lifecycle', e.lifecycle],
  ];
  if (kind === 'system')
    rows.push(['Domain', e.domain && <RefLink key="domain" entityRef={e.domain} />]);
  if (kind === 'api' || kind === 'resource')
    rows.push(['System', e.system && <RefLink key="system" entityRef={e.system} />]);
  rows.push(['Tags', e.tags.length > 0 ? <TagList key="tags" values={e.tags} /> : null]);
  rows.push([
    'Links',
    e.links.length > 0 ? (
      <Stack key="links" gap={2}>
        {e.links.map((l) => (
          <Anchor
            key={l.url}
            href={safeUrl(l.url) || undefined}
            target="_blank"
            rel="noopener noreferrer nofollow"
            size="sm"
          >
            {l.title || l.url}
          </Anchor>
        ))}
      </Stack>
    ) : null,
  ]);
  return rows;
}

function History({ entityRef }: { entityRef: string }) {
  const history = useRefHistory(entityRef);
  return (
    <Section title="History" testId="entity-history">
      {history.error ? <ErrorAlert error={history.error} /> : null}
      <HistoryTable
        events={history.data?.pages.flatMap((p) => p.items) ?? []}
        loading={history.isLoading || history.isFetchingNextPage}
        hasMore={history.hasNextPage}
        onMore={() => void history.fetchNextPage()}
      />
    </Section>
  );
}

/**
 * A system, domain, API or resource: its facts, description, what belongs to it and which
 * components use it, an API's definition, and its history. Edit and delete appear only when
 * the server says this person may (canEdit).
 */
export function EntityPage({ kind }: { kind: EntityKind }) {
  const { namespace, name } = useParams({ strict: false }) as { namespace: string; name: string };
  const view = KINDS[kind];
  const page = useEntityPage(kind, namespace, name);
  const remove = useDeleteEntity(kind, namespace, name);
  const [editing, setEditing] = useState(false);
  const _navigate = useNavigate();

  return (
    <QueryState query={page}>
      {(data) => {
        const e = data.entity;
        return (
          <Stack gap="sm">
            <ItemHeader
              item={e}
              list={{ label: view.heading, path: `/${view.path}` }}
              titleTestId="entity-title"
              graph={{ label: 'Graph', root: e.ref }}
              onEdit={data.canEdit ? () => setEditing(true) : undefined}
              remove={
                data.canEdit
                  ? {
                      confirm: `Delete ${e.ref}? History keeps a record.`,
                      isPending: remove.isPending,
                      mutate: remove.mutate,
                    }
                  : undefined
              }
            />
            <Grid gap="sm">
              <Grid.Col span={{ base: 12, lg: 7 }}>
                <Section title="Summary" testId="entity-summary">
                  <KeyValues rows={summaryRows(kind, e)} />
                  {e.description && <Markdown mt="xs">{e.description}</Markdown>}
                </Section>
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 5 }}>
                <Stack gap="sm">
                  {RELATED[kind].map(([heading, field]) => (
                    <Section key={field} title={heading} testId={`related-${field}`}>
                      <RefList items={data[field] as EntityPageView['components']} />
                    </Section>
                  ))}
                </Stack>
              </Grid.Col>
            </Grid>
            {kind === 'api' && <ApiDefinition api={e} />}
            <History entityRef={e.ref} />
            {data.canEdit && (
              <EntityFormModal
                kind={kind}
                entity={e}
                opened={editing}
                onClose={() => setEditing(false)}
              />
            )}
          </Stack>
        );
      }}
    </QueryState>
  );
}
