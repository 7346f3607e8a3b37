import { Alert, Button, Group, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useComponentPage } from '../api/components.js';
import {
  type ComponentEntities,
  type Relation,
  type RelationType,
  useRelationWrites,
} from '../api/entities.js';
import { componentKeyOf } from '../api/keys.js';
import { describeError } from '../api/problem.js';
import type { ComponentRights } from '../api/types.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { Section } from '../components/section.js';
import { RefLink } from './entity-links.js';
import { EntityPicker } from './entity-picker.js';

const RELATIONS: { type: RelationType; label: string; field: keyof ComponentEntities }[] = [
  { type: 'providesApi', label: 'Provides APIs', field: 'providesApis' },
  { type: 'consumesApi', label: 'Consumes APIs', field: 'consumesApis' },
  { type: 'dependsOn', label: 'Depends on resources', field: 'dependsOnResources' },
];
const ADD_LABELS: Record<RelationType, string> = {
  providesApi: 'provides API',
  consumesApi: 'consumes API',
  dependsOn: 'depends on resource',
};

function RelationList({
  relations,
  removable,
  onRemove,
}: {
  relations: Relation[];
  removable: boolean;
  onRemove(relation: Relation): void;
}) {
  if (relations.length === 0)
    return (
      <Text size="sm" c="dimmed">
        none
      </Text>
    );
  return (
    <Stack gap={2}>
      {relations.map((r) => (
        <Group key={r.id} gap={6} wrap="nowrap" data-relation={r.type}>
          <RefLink entityRef={r.entity} title={r.title} />
          {removable && (
            <ConfirmButton
              label="Remove"
              confirm={`Remove "${ADD_LABELS[r.type]} ${r.title}"?`}
              onConfirm={() => onRemove(r)}
              aria-label={`Remove ${r.type} ${r.entity}`}
            />
          )}
        </Group>
      ))}
    </Stack>
  );
}

/**
 * A component's place among the other kinds: its system, the APIs it provides and consumes,
 * the resources it depends on. Adding and removing appear only for who may change the
 * component's dependencies (the same right on the server).
 */
export function ComponentEntitiesPanel({
  componentRef,
  may,
}: {
  componentRef: string;
  may: ComponentRights;
}) {
  const [namespace, name] = componentKeyOf(componentRef).split('/') as [string, string];
  const page = useComponentPage(namespace, name);
  const entities = page.data as (typeof page.data & ComponentEntities) | undefined;
  const { add, remove } = useRelationWrites(componentRef);
  const [type, setType] = useState<RelationType>('providesApi');
  const [target, setTarget] = useState<string | null>(null);
  if (!entities) return null;

  const removeRelation = (relation: Relation) =>
    remove.mutate(relation, {
      onError: (e) =>
        notifications.show({ color: 'red', title: 'Not removed', message: describeError(e) }),
    });

  return (
    <Section title="System, APIs and resources" testId="component-entities">
      <Stack gap="xs">
        <Group gap={6}>
          <Text size="xs" c="dimmed" fw={600}>
            System
          </Text>
          {entities.systemRef ? (
            <RefLink entityRef={entities.systemRef} />
          ) : (
            <Text size="sm" c="dimmed">
              none
            </Text>
          )}
        </Group>
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm">
          {RELATIONS.map(({ type: t, label, field }) => (
            <div key={t} data-testid={`relations-${t}`}>
              <Text size="xs" c="dimmed" fw={600} mb={2}>
                {label}
              </Text>
              <RelationList
                relations={entities[field] as Relation[]}
                removable={may.addDependency}
                onRemove={removeRelation}
              />
            </div>
          ))}
        </SimpleGrid>
        {may.addDependency && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!target) return;
              add.mutate(
                { component: componentRef, type, entity: target },
                { onSuccess: () => setTarget(null) },
              );
            }}
          >
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <Select
                label="This component"
                data={RELATIONS.map((r) => ({ value: r.type, label: ADD_LABELS[r.type] }))}
                value={type}
                onChange={(v) => {
                  setType((v ?? 'providesApi') as RelationType);
                  setTarget(null);
                }}
                allowDeselect={false}
                size="xs"
                w={190}
              />
              <EntityPicker
                kind={type === 'dependsOn' ? 'resource' : 'api'}
                label={type === 'dependsOn' ? 'Resource' : 'API'}
                value={target}
                onChange={setTarget}
                size="xs"
                w={280}
              />
              <Button type="submit" size="xs" disabled={!target} loading={add.isPending}>
                Add
              </Button>
            </Group>
            {add.error && (
              <Alert color="red" p={6} mt={4}>
                {describeError(add.error)}
              </Alert>
            )}
          </form>
        )}
      </Stack>
    </Section>
  );
}
