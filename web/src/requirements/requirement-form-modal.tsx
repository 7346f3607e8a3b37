import {
  Checkbox,
  Modal,
  MultiSelect,
  Select,
  SimpleGrid,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import {
  type Requirement,
  useLevels,
  useRequirementSets,
  useSaveRequirement,
} from '../api/requirements.js';
import { changedFields } from '../components/changed-fields.js';
import { DialogForm } from '../components/dialog-form.js';
import { fieldErrors } from '../components/field-errors.js';

const FIELDS = ['title', 'description', 'mandatory', 'level', 'sets'] as const;

function RequirementForm({
  requirement: r,
  onClose,
}: {
  requirement?: Requirement;
  onClose(): void;
}) {
  const save = useSaveRequirement();
  const sets = useRequirementSets().data ?? [];
  const levels = useLevels().data ?? [];
  const [v, setV] = useState({
    title: r?.title ?? '',
    description: r?.description ?? '',
    mandatory: r?.mandatory ?? false,
    level: r?.level ?? null,
  });
  const [setNames, setSetNames] = useState<string[]>(r?.sets.map((s) => s.name) ?? []);
  const problems = fieldErrors(save.error, FIELDS);
  const { byField } = problems;
  const submit = () => {
    // A set it is already in keeps its place; a new one puts it last.
    const memberships = setNames.map((name) => {
      const kept = r?.sets.find((s) => s.name === name);
      return kept ? { set: name, position: kept.position } : { set: name };
    });
    const body = { ...v, title: v.title.trim(), sets: memberships };
    if (!r) return save.mutate({ input: body }, { onSuccess: onClose });
    const changed = changedFields(r, { ...v, title: v.title.trim() });
    const setsChanged =
      JSON.stringify([...setNames].sort()) !== JSON.stringify(r.sets.map((s) => s.name).sort());
    const input = setsChanged ? { ...changed, sets: memberships } : changed;
    if (Object.keys(input).length === 0) return onClose();
    save.mutate({ key: r.id, input }, { onSuccess: onClose });
  };
  return (
    <DialogForm
      error={save.error}
      problems={problems}
      pending={save.isPending}
      submitLabel={r ? 'Save' : 'Create requirement'}
      onSubmit={submit}
      onCancel={onClose}
    >
      <TextInput
        label="Title"
        required
        value={v.title}
        onChange={(e) => setV({ ...v, title: e.currentTarget.value })}
        error={byField.title}
        data-autofocus
      />
      <MultiSelect
        label="Sets"
        description="A requirement belongs to at least one set."
        required
        data={[...new Set([...sets.map((s) => s.name), ...setNames])]}
        value={setNames}
        onChange={setSetNames}
        searchable
        error={byField.sets}
      />
      <SimpleGrid cols={2} spacing="xs">
        <Select
          label="Level"
          placeholder="none"
          clearable
          data={[...new Set([...levels.map((l) => l.name), ...(v.level ? [v.level] : [])])]}
          value={v.level}
          onChange={(level) => setV({ ...v, level })}
          error={byField.level}
        />
        <Checkbox
          mt={28}
          label="Mandatory for production"
          checked={v.mandatory}
          onChange={(e) => setV({ ...v, mandatory: e.currentTarget.checked })}
          error={byField.mandatory}
        />
      </SimpleGrid>
      <Textarea
        label="Description (Markdown)"
        value={v.description}
        onChange={(e) => setV({ ...v, description: e.currentTarget.value })}
        autosize
        minRows={4}
        error={byField.description}
      />
    </DialogForm>
  );
}

export function RequirementFormModal({
  requirement,
  opened,
  onClose,
}: {
  requirement?: Requirement;
  opened: boolean;
  onClose(): void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={requirement ? `Edit ${requirement.title}` : 'New requirement'}
      size="lg"
    >
      <RequirementForm requirement={requirement} onClose={onClose} />
    </Modal>
  );
}
