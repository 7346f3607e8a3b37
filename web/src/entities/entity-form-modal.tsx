import { Alert, Modal, Select, SimpleGrid, TagsInput, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useMe } from '../api/auth.js';
import {
  type Entity,
  type EntityKind,
  useCreateEntity,
  useEntityDefinition,
  useUpdateEntity,
} from '../api/entities.js';
import { describeError } from '../api/problem.js';
import type { Lifecycle } from '../api/types.js';
import { DialogForm } from '../components/dialog-form.js';
import { fieldErrors } from '../components/field-errors.js';
import {
  changedFields,
  type EntityFormValues,
  formFields,
  PARENT_FIELD,
  toFormValues,
  toPayload,
} from './entity-form-model.js';
import { entityPath, KINDS } from './kinds.js';

const LIFECYCLES: Lifecycle[] = [
  'unknown',
  'experimental',
  'new',
  'mature',
  'legacy',
  'deprecated',
  'eol',
  'eos',
];

const TYPE_HINTS: Record<EntityKind, string> = {
  domain: 'e.g. business-area',
  system: 'e.g. product',
  api: 'openapi, asyncapi, graphql, grpc',
  resource: 'database, bucket, queue',
};

/**
 * Create an entity of a kind, or edit one. Edits PATCH only what changed; the server's field
 * problems appear next to the fields they name, a refusal (403) as a clear message.
 */
function EntityForm({
  kind,
  entity,
  definition,
  onClose,
}: {
  kind: EntityKind;
  entity?: Entity;
  /** The API's inline definition as loaded (edits compare against it). */
  definition: string;
  onClose(): void;
}) {
  const me = useMe().data;
  // Someone who is not an admin creates only what they own: offer them as the owner.
  const [values, setValues] = useState<EntityFormValues>(() => ({
    ...toFormValues(kind, entity),
    ...(!entity && me && !me.isAdmin ? { owner: `user:${me.username}` } : {}),
    definition,
  }));
  const navigate = useNavigate();
  const create = useCreateEntity(kind);
  const update = useUpdateEntity(kind, entity?.namespace ?? '', entity?.name ?? '');
  const mutation = entity ? update : create;
  const view = KINDS[kind];
  const parent = PARENT_FIELD[kind];

  const set = <K extends keyof EntityFormValues>(key: K, value: EntityFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const problems = fieldErrors(mutation.error, formFields(kind));
  const { byField } = problems;

  const submit = () => {
    const payload = toPayload(kind, values);
    const done = (saved: Entity) => {
      onClose();
      const path = entityPath(saved.ref);
      if (path && (!entity || saved.name !== entity.name))
        void navigate({ to: path, replace: Boolean(entity) });
    };
    if (!entity) {
      create.mutate(payload, {
        onSuccess: (created) => {
          notifications.show({ color: 'green', message: `Created ${created.ref}` });
          done(created);
        },
      });
      return;
    }
    const changes = changedFields(entity, definition, payload);
    if (Object.keys(changes).length === 0) return onClose();
    update.mutate(changes, {
      onSuccess: (updated) => {
        notifications.show({ color: 'green', message: `Saved ${Object.keys(changes).join(', ')}` });
        done(updated);
      },
    });
  };

  return (
    <DialogForm
      error={mutation.error}
      problems={problems}
      pending={mutation.isPending}
      submitLabel={entity ? 'Save' : `Create ${view.one}`}
      onSubmit={submit}
      onCancel={onClose}
    >
      <SimpleGrid cols={3} spacing="xs" verticalSpacing={6}>
        <TextInput
          label="Name"
          required
          value={values.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={byField.name}
          placeholder="letters, digits, - _ ."
        />
        <TextInput
          label="Namespace"
          value={values.namespace}
          onChange={(e) => set('namespace', e.currentTarget.value)}
          error={byField.namespace}
          disabled={Boolean(entity)}
        />
        <TextInput
          label="Title"
          value={values.title}
          onChange={(e) => set('title', e.currentTarget.value)}
          error={byField.title}
        />
        <TextInput
          label="Type"
          value={values.type}
          onChange={(e) => set('type', e.currentTarget.value)}
          error={byField.type}
          placeholder={TYPE_HINTS[kind]}
        />
        <Select
          label="Lifecycle"
          data={LIFECYCLES}
          value={values.lifecycle}
          onChange={(v) => set('lifecycle', (v ?? 'unknown') as Lifecycle)}
          error={byField.lifecycle}
          allowDeselect={false}
        />
        <TextInput
          label="Owner"
          value={values.owner}
          onChange={(e) => set('owner', e.currentTarget.value)}
          error={byField.owner}
          placeholder="a team (payments) or user:bob"
        />
        {parent && (
          <TextInput
            label={parent === 'system' ? 'System' : 'Domain'}
            value={values.parent}
            onChange={(e) => set('parent', e.currentTarget.value)}
            error={byField[parent]}
            placeholder={`the ${parent}'s name`}
          />
        )}
      </SimpleGrid>
      <TagsInput
        label="Tags"
        value={values.tags}
        onChange={(v) => set('tags', v)}
        error={byField.tags}
      />
      <Textarea
        label="Description (Markdown)"
        value={values.description}
        onChange={(e) => set('description', e.currentTarget.value)}
        error={byField.description}
        autosize
        minRows={3}
        maxRows={10}
      />
      <Textarea
        label="Links, one a line: url | title | type"
        value={values.links}
        onChange={(e) => set('links', e.currentTarget.value)}
        error={byField.links}
        autosize
        minRows={1}
        maxRows={6}
      />
      {kind === 'api' && (
        <>
          <Textarea
            label="Definition (OpenAPI, AsyncAPI, GraphQL SDL, protobuf ...)"
            value={values.definition}
            onChange={(e) => set('definition', e.currentTarget.value)}
            error={byField.definition}
            autosize
            minRows={4}
            maxRows={16}
            spellCheck={false}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <TextInput
            label="Or the definition's URL"
            value={values.definitionUrl}
            onChange={(e) => set('definitionUrl', e.currentTarget.value)}
            error={byField.definitionUrl}
          />
        </>
      )}
    </DialogForm>
  );
}

/** The form in a modal; an API's edit waits for its definition so the form starts complete. */
export function EntityFormModal({
  kind,
  entity,
  opened,
  onClose,
}: {
  kind: EntityKind;
  entity?: Entity;
  opened: boolean;
  onClose(): void;
}) {
  const needsDefinition = opened && kind === 'api' && Boolean(entity?.hasDefinition);
  const definition = useEntityDefinition(
    entity?.namespace ?? '',
    entity?.name ?? '',
    needsDefinition,
  );
  const ready = !needsDefinition || definition.data !== undefined;
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={entity ? `Edit ${entity.ref}` : `New ${KINDS[kind].one}`}
      size="xl"
    >
      {definition.error && needsDefinition ? (
        <Alert color="red" p="xs">
          {describeError(definition.error)}
        </Alert>
      ) : ready ? (
        <EntityForm
          kind={kind}
          entity={entity}
          definition={definition.data?.definition ?? ''}
          onClose={onClose}
        />
      ) : null}
    </Modal>
  );
}
