import { Anchor, Breadcrumbs, Button, Code, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import {
  type Entity,
  type EntityKind,
  type EntityPage as EntityPageView,
  useDeleteEntity,
  useEntityPage,
} from '../api/entities.js';
import { useRefHistory } from '../api/history.js';
import { describeError } from '../api/problem.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { HistoryTable } from '../components/history-table.js';
import { KeyValues } from '../components/key-values.js';
import { LifecycleBadge } from '../components/lifecycle-badge.js';
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
  const navigate = useNavigate();

  return (
    <QueryState query={page}>
      {(data) => {
        const e = data.entity;
        return (
          <Stack gap="sm">
            <Breadcrumbs separator="/" fz="sm">
              <Anchor component={Link} to={`/${view.path}`} size="sm">
                {view.heading}
              </Anchor>
              <Text size="sm">{e.namespace}</Text>
              <Text size="sm">{e.name}</Text>
            </Breadcrumbs>
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <div>
                <Group gap="xs" align="center">
                  <Title order={3} data-testid="entity-title">
                    {e.title || e.name}
                  </Title>
                  <LifecycleBadge lifecycle={e.lifecycle} />
                </Group>
                <Code>{e.ref}</Code>
              </div>
              <Group gap={6} wrap="nowrap">
                <Button
                  size="xs"
                  variant="default"
                  component={Link}
                  to="/graph"
                  search={{ root: e.ref, depth: 2 } as never}
                >
                  Graph
                </Button>
                {data.canEdit && (
                  <Button size="xs" onClick={() => setEditing(true)}>
                    Edit
                  </Button>
                )}
                {data.canEdit && (
                  <ConfirmButton
                    label="Delete"
                    variant="light"
                    size="xs"
                    loading={remove.isPending}
                    confirm={`Delete ${e.ref}? History keeps a record.`}
                    onConfirm={() =>
                      remove.mutate(undefined, {
                        onSuccess: () => {
                          notifications.show({ color: 'green', message: `Deleted ${e.ref}` });
                          void navigate({ to: `/${view.path}` });
                        },
                        onError: (error) =>
                          notifications.show({
                            color: 'red',
                            title: 'Not deleted',
                            message: describeError(error),
                          }),
                      })
                    }
                  />
                )}
              </Group>
            </Group>
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
