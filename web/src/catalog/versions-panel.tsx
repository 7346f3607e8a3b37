import { Accordion, Badge, Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { describeError } from '../api/problem.js';
import type { ComponentRights, Version } from '../api/types.js';
import { useDeleteVersion, useRemoveDeployment } from '../api/versions.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { formatDate, plural } from '../components/format.js';
import { Section } from '../components/section.js';
import { DeploymentFormModal } from './deployment-form-modal.js';
import { VersionDetails } from './version-details.js';
import { VersionFormModal } from './version-form-modal.js';

const fail = (error: unknown) =>
  notifications.show({ color: 'red', title: 'Not done', message: describeError(error) });

/** The versions in the server's order (highest first); the first is the latest. */
export function VersionsPanel({
  componentRef,
  versions,
  may,
}: {
  componentRef: string;
  versions: Version[];
  /** What the person may do: owners everything, role holders edit their role's fields. */
  may: ComponentRights;
}) {
  const [editing, setEditing] = useState<Version | 'new' | null>(null);
  const [deploying, setDeploying] = useState<string | null>(null);
  const remove = useDeleteVersion(componentRef);
  const removeDeployment = useRemoveDeployment(componentRef);
  return (
    <Section
      title={`Versions (${versions.length})`}
      testId="versions"
      actions={
        may.addVersion ? (
          <Button size="compact-xs" variant="light" onClick={() => setEditing('new')}>
            Add version
          </Button>
        ) : null
      }
    >
      {versions.length === 0 ? (
        <Text size="sm" c="dimmed">
          No versions yet.
        </Text>
      ) : (
        <Accordion
          multiple
          defaultValue={[versions[0]!.id]}
          variant="contained"
          chevronPosition="left"
        >
          {versions.map((v, i) => {
            const rights = may.versions[v.version];
            return (
              <Accordion.Item key={v.id} value={v.id}>
                <Group wrap="nowrap" gap={4} pr="xs">
                  <Accordion.Control py={0} style={{ flex: 1, minWidth: 0 }}>
                    <Group gap="xs">
                      <Text fw={600} className="mono">
                        {v.version}
                      </Text>
                      {i === 0 && (
                        <Badge
                          size="xs"
                          color="indigo"
                          title="the highest version by semantic order"
                        >
                          latest
                        </Badge>
                      )}
                      <Text size="xs" c="dimmed">
                        added {formatDate(v.createdAt)} ·{' '}
                        {plural(v.deployments.length, 'deployment')} · {v.languages.join(', ')}
                      </Text>
                    </Group>
                  </Accordion.Control>
                  <Group gap={2} wrap="nowrap" style={{ flexShrink: 0 }}>
                    {rights?.deployments && (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => setDeploying(v.version)}
                      >
                        Add deployment
                      </Button>
                    )}
                    {rights && rights.edit.length > 0 && (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => setEditing(v)}
                        title={
                          may.edit ? undefined : `your role lets you edit ${rights.edit.join(', ')}`
                        }
                      >
                        Edit
                      </Button>
                    )}
                    {rights?.delete && (
                      <ConfirmButton
                        label="Delete"
                        confirm={`Delete version ${v.version} with its deployments?`}
                        onConfirm={() => remove.mutate(v.version, { onError: fail })}
                      />
                    )}
                  </Group>
                </Group>
                <Accordion.Panel>
                  <VersionDetails
                    version={v}
                    onRemoveDeployment={
                      rights?.deployments
                        ? (id) => removeDeployment.mutate(id, { onError: fail })
                        : undefined
                    }
                  />
                </Accordion.Panel>
              </Accordion.Item>
            );
          })}
        </Accordion>
      )}
      <VersionFormModal
        componentRef={componentRef}
        version={editing && editing !== 'new' ? editing : undefined}
        editable={
          editing && editing !== 'new' && !may.edit
            ? may.versions[editing.version]?.edit
            : undefined
        }
        opened={editing !== null}
        onClose={() => setEditing(null)}
      />
      {deploying !== null && (
        <DeploymentFormModal
          componentRef={componentRef}
          version={deploying}
          opened
          onClose={() => setDeploying(null)}
        />
      )}
    </Section>
  );
}
