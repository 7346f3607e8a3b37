import { Modal, Select, SimpleGrid, Switch, TagsInput, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { componentPath, useCreateComponent, useUpdateComponent } from '../api/components.js';
import type { Component, Lifecycle } from '../api/types.js';
import { DialogForm } from '../components/dialog-form.js';
import { fieldErrors } from '../components/field-errors.js';
import {
  type ComponentFormValues,
  changedFields,
  FORM_FIELDS,
  FormParseError,
  toFormValues,
  toPayload,
} from './component-form-model.js';
import { OwnerSelect } from './owner-select.js';
import { ReferenceMultiSelect, ReferenceSelect } from './reference-select.js';

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

/**
 * Create a component, or edit every field of one. Edits PATCH only what changed; the server's
 * field problems appear next to the fields they name, a refusal (403) as a clear message.
 */
function ComponentForm({ onClose, component }: { onClose(): void; component?: Component }) {
  const [values, setValues] = useState<ComponentFormValues>(() => toFormValues(component));
  const [parseError, setParseError] = useState<FormParseError | null>(null);
  const navigate = useNavigate();
  const create = useCreateComponent();
  const update = useUpdateComponent(component?.ref ?? 'component:default/none');
  const mutation = component ? update : create;

  const set = <K extends keyof ComponentFormValues>(key: K, value: ComponentFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const problems = fieldErrors(mutation.error, FORM_FIELDS);
  const { byField } = problems;
  const errorOf = (field: keyof ComponentFormValues) =>
    (parseError?.field === field ? parseError.message : undefined) ?? byField[field];

  const submit = () => {
    setParseError(null);
    let payload: ReturnType<typeof toPayload>;
    try {
      payload = toPayload(values);
    } catch (e) {
      if (e instanceof FormParseError) return setParseError(e);
      throw e;
    }
    if (!component) {
      create.mutate(payload, {
        onSuccess: (created) => {
          notifications.show({ color: 'green', message: `Created ${created.ref}` });
          onClose();
          void navigate({ to: componentPath(created.ref) });
        },
      });
      return;
    }
    const changes = changedFields(component, payload);
    if (Object.keys(changes).length === 0) return onClose();
    update.mutate(changes, {
      onSuccess: (updated) => {
        notifications.show({ color: 'green', message: `Saved ${Object.keys(changes).join(', ')}` });
        onClose();
        if (updated.name !== component.name)
          void navigate({ to: componentPath(updated.ref), replace: true });
      },
    });
  };

  return (
    <DialogForm
      error={mutation.error}
      problems={problems}
      pending={mutation.isPending}
      submitLabel={component ? 'Save' : 'Create'}
      note={
        component
          ? 'Only changed fields are sent.'
          : 'The owner must be a team you belong to, or you (admins: anyone).'
      }
      onSubmit={submit}
      onCancel={onClose}
    >
      <SimpleGrid cols={4} spacing="xs" verticalSpacing={6}>
        <TextInput
          label="Name"
          required
          value={values.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={errorOf('name')}
          placeholder="letters, digits, - _ ."
        />
        <TextInput
          label="Namespace"
          value={values.namespace}
          onChange={(e) => set('namespace', e.currentTarget.value)}
          error={errorOf('namespace')}
          disabled={Boolean(component)}
        />
        <TextInput
          label="Title"
          value={values.title}
          onChange={(e) => set('title', e.currentTarget.value)}
          error={errorOf('title')}
        />
        <ReferenceSelect
          list="component_types"
          label="Type"
          value={values.type}
          onChange={(v) => set('type', v)}
          error={errorOf('type')}
        />
        <Select
          label="Lifecycle"
          data={LIFECYCLES}
          value={values.lifecycle}
          onChange={(v) => set('lifecycle', (v ?? 'unknown') as Lifecycle)}
          error={errorOf('lifecycle')}
          allowDeselect={false}
        />
        <OwnerSelect
          label="Owner"
          placeholder="a team or a person"
          value={values.owner}
          onChange={(v) => set('owner', v)}
          error={errorOf('owner')}
        />
        <ReferenceSelect
          list="categories"
          label="Category"
          value={values.category}
          onChange={(v) => set('category', v)}
          error={errorOf('category')}
        />
        <ReferenceSelect
          list="subcategories"
          parent={values.category}
          label="Subcategory"
          value={values.subcategory}
          onChange={(v) => set('subcategory', v)}
          error={errorOf('subcategory')}
        />
        <ReferenceSelect
          list="vendors"
          label="Vendor"
          value={values.vendor}
          onChange={(v) => set('vendor', v)}
          error={errorOf('vendor')}
        />
        <ReferenceSelect
          list="privacy_classes"
          label="Data privacy class"
          value={values.privacyClass}
          onChange={(v) => set('privacyClass', v)}
          error={errorOf('privacyClass')}
        />
        <TextInput
          label="System"
          value={values.system}
          onChange={(e) => set('system', e.currentTarget.value)}
          error={errorOf('system')}
        />
        <TextInput
          label="Space"
          value={values.space}
          onChange={(e) => set('space', e.currentTarget.value)}
          error={errorOf('space')}
        />
      </SimpleGrid>
      <Textarea
        label="Description"
        value={values.description}
        onChange={(e) => set('description', e.currentTarget.value)}
        error={errorOf('description')}
        autosize
        minRows={2}
        maxRows={8}
      />
      <SimpleGrid cols={3} spacing="xs" verticalSpacing={6}>
        <TagsInput
          label="Tags"
          value={values.tags}
          onChange={(v) => set('tags', v)}
          error={errorOf('tags')}
          placeholder="lower case: a-z 0-9 : + # . -"
          clearable
        />
        <ReferenceMultiSelect
          list="location_classes"
          label="Location classes"
          value={values.locationClasses}
          onChange={(v) => set('locationClasses', v)}
          error={errorOf('locationClasses')}
        />
        <TagsInput
          label="Endpoints"
          placeholder="URL patterns that map here"
          value={values.endpoints}
          onChange={(v) => set('endpoints', v)}
          error={errorOf('endpoints')}
          clearable
        />
      </SimpleGrid>
      <SimpleGrid cols={4} spacing="xs" verticalSpacing={6}>
        <Textarea
          label="Labels"
          description="key=value, one per line"
          value={values.labels}
          onChange={(e) => set('labels', e.currentTarget.value)}
          error={errorOf('labels')}
          autosize
          minRows={2}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <Textarea
          label="Annotations"
          description="key=value, one per line"
          value={values.annotations}
          onChange={(e) => set('annotations', e.currentTarget.value)}
          error={errorOf('annotations')}
          autosize
          minRows={2}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <Textarea
          label="Links"
          description="url | title | type, one per line"
          value={values.links}
          onChange={(e) => set('links', e.currentTarget.value)}
          error={errorOf('links')}
          autosize
          minRows={2}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <Textarea
          label="Custom attributes"
          description="a JSON object"
          value={values.attributes}
          onChange={(e) => set('attributes', e.currentTarget.value)}
          error={errorOf('attributes')}
          autosize
          minRows={2}
          maxRows={8}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
      </SimpleGrid>
      <Switch
        label="Highly loaded"
        checked={values.highlyLoaded}
        onChange={(e) => set('highlyLoaded', e.currentTarget.checked)}
      />
    </DialogForm>
  );
}

/** The dialog; its form mounts fresh each time it opens, so it starts from the current values. */
export function ComponentFormModal({
  opened,
  onClose,
  component,
}: {
  opened: boolean;
  onClose(): void;
  component?: Component;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={component ? `Edit ${component.ref}` : 'New component'}
      size={1000}
    >
      <ComponentForm onClose={onClose} component={component} />
    </Modal>
  );
}
