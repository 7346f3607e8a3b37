import { Grid, Stack, Text } from '@mantine/core';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useComponentPage, useDeleteComponent } from '../api/components.js';
import { QueryState } from '../components/query-state.js';
import { Section } from '../components/section.js';
import { ComponentEntitiesPanel } from '../entities/component-entities-panel.js';
import { ComponentResourcesPanel } from '../inventory/component-resources.js';
import { HoldFlag } from '../radar/hold-flag.js';
import { RequirementsPanel } from '../requirements/requirements-panel.js';
import { ComponentFormModal } from './component-form-modal.js';
import { ComponentHistory } from './component-history.js';
import { ComponentSummary } from './component-summary.js';
import { DependenciesPanel } from './dependencies-panel.js';
import { ItemHeader } from './item-header.js';
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
  const _navigate = useNavigate();
  const remove = useDeleteComponent(`component:${namespace}/${name}`);

  return (
    <QueryState query={page}>
      {({ component: c, may, versions, dependsOn, dependents }) => (
        <Stack gap="sm">
          <ItemHeader
            item={c}
            list={{ label: 'Components', path: '/components' }}
            titleTestId="component-title"
            beside={
              c.latestVersion && (
                <Text size="xs" c="dimmed" title={LATEST_MEANS} data-testid="latest-version">
                  latest (highest) version {c.latestVersion}
                </Text>
              )
            }
            graph={{ label: 'Dependency graph', root: `${c.namespace}/${c.name}` }}
            onEdit={may.edit ? () => setEditing(true) : undefined}
            remove={
              may.delete
                ? {
                    confirm: `Delete ${c.ref} with its versions and dependencies? History keeps a record.`,
                    isPending: remove.isPending,
                    mutate: remove.mutate,
                  }
                : undefined
            }
          />
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
          <ComponentResourcesPanel componentRef={c.ref} />
          <ComponentHistory componentRef={c.ref} />
          <ComponentFormModal opened={editing} onClose={() => setEditing(false)} component={c} />
        </Stack>
      )}
    </QueryState>
  );
}
