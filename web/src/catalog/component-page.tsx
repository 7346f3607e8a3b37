import { Anchor, Breadcrumbs, Button, Code, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useComponentPage, useDeleteComponent } from '../api/components.js';
import { describeError } from '../api/problem.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { LifecycleBadge } from '../components/lifecycle-badge.js';
import { QueryState } from '../components/query-state.js';
import { Section } from '../components/section.js';
import { ComponentEntitiesPanel } from '../entities/component-entities-panel.js';
import { HoldFlag } from '../radar/hold-flag.js';
import { RequirementsPanel } from '../requirements/requirements-panel.js';
import { ComponentFormModal } from './component-form-modal.js';
import { ComponentHistory } from './component-history.js';
import { ComponentSummary } from './component-summary.js';
import { DependenciesPanel } from './dependencies-panel.js';
import { OwnersPanel } from './owners-panel.js';
import { LATEST_MEANS } from './version-labels.js';
import { VersionsPanel } from './versions-panel.js';

/**
 * A component: summary, owners, versions, dependencies both ways and its history. Actions appear
 * only where the server's `may` allows them, so nobody fills a form to learn it is refused.
 */
export function ComponentPage() {
  const { namespace, name } = useParams({ strict: false }) as { namespace: string; name: string };
  const page = useComponentPage(namespace, name);
  const [editing, setEditing] = useState(false);
  const navigate = useNavigate();
  const remove = useDeleteComponent(`component:${namespace}/${name}`);

  return (
    <QueryState query={page}>
      {({ component: c, may, versions, dependsOn, dependents }) => (
        <Stack gap="sm">
          <Breadcrumbs separator="/" fz="sm">
            <Anchor component={Link} to="/components" size="sm">
              Components
            </Anchor>
            <Text size="sm">{c.namespace}</Text>
            <Text size="sm">{c.name}</Text>
          </Breadcrumbs>
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <div>
              <Group gap="xs" align="center">
                <Title order={3} data-testid="component-title">
                  {c.title || c.name}
                </Title>
                <LifecycleBadge lifecycle={c.lifecycle} />
              </Group>
              <Group gap={6}>
                <Code>{c.ref}</Code>
                {c.latestVersion && (
                  <Text size="xs" c="dimmed" title={LATEST_MEANS} data-testid="latest-version">
                    latest (highest) version {c.latestVersion}
                  </Text>
                )}
              </Group>
            </div>
            <Group gap={6} wrap="nowrap">
              <Button
                size="xs"
                variant="default"
                component={Link}
                to="/graph"
                search={{ root: `${c.namespace}/${c.name}`, depth: 2 } as never}
              >
                Dependency graph
              </Button>
              {may.edit && (
                <Button size="xs" onClick={() => setEditing(true)}>
                  Edit
                </Button>
              )}
              {may.delete && (
                <ConfirmButton
                  label="Delete"
                  variant="light"
                  size="xs"
                  loading={remove.isPending}
                  confirm={`Delete ${c.ref} with its versions and dependencies? History keeps a record.`}
                  onConfirm={() =>
                    remove.mutate(undefined, {
                      onSuccess: () => {
                        notifications.show({ color: 'green', message: `Deleted ${c.ref}` });
                        void navigate({ to: '/components' });
                      },
                      onError: (e) =>
                        notifications.show({
                          color: 'red',
                          title: 'Not deleted',
                          message: describeError(e),
                        }),
                    })
                  }
                />
              )}
            </Group>
          </Group>
          <HoldFlag namespace={c.namespace} name={c.name} />
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <Section title="Summary" testId="summary">
                <ComponentSummary component={c} />
              </Section>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <Section title="Owners by role" testId="owners">
                <OwnersPanel versions={versions} />
              </Section>
            </Grid.Col>
          </Grid>
          <VersionsPanel componentRef={c.ref} versions={versions} may={may} />
          <RequirementsPanel componentRef={c.ref} versions={versions} />
          <DependenciesPanel
            componentRef={c.ref}
            dependsOn={dependsOn}
            dependents={dependents}
            versions={versions}
            may={may}
          />
          <ComponentEntitiesPanel componentRef={c.ref} may={may} />
          <ComponentHistory componentRef={c.ref} />
          <ComponentFormModal opened={editing} onClose={() => setEditing(false)} component={c} />
        </Stack>
      )}
    </QueryState>
  );
}
