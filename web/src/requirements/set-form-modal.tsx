import { Modal, MultiSelect, NumberInput, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { type RequirementSet, useSaveSet } from '../api/requirements.js';
import { useTeams } from '../api/teams.js';
import { changedFields } from '../components/changed-fields.js';
import { DialogForm } from '../components/dialog-form.js';
import { fieldErrors } from '../components/field-errors.js';

const FIELDS = [
  'name',
  'description',
  'docLink',
  'reviewerTeams',
  'position',
  'applicability',
] as const;

function SetForm({ set, onClose }: { set?: RequirementSet; onClose(): void }) {
  const save = useSaveSet();
  const teams = useTeams().data?.items.map((t) => t.name) ?? [];
  const [v, setV] = useState({
    name: set?.name ?? '',
    description: set?.description ?? '',
    docLink: set?.docLink ?? '',
    reviewerTeams: set?.reviewerTeams ?? [],
    position: set?.position ?? 0,
    applicability: set?.applicability ?? '',
  });
  const problems = fieldErrors(save.error, FIELDS);
  const { byField } = problems;
  const submit = () => {
    const body = { ...v, name: v.name.trim(), applicability: v.applicability.trim() || null };
    const input = set ? changedFields(set, body) : body;
    if (Object.keys(input).length === 0) return onClose();
    save.mutate({ key: set?.id, input }, { onSuccess: onClose });
  };
  return (
    <DialogForm
      error={save.error}
      problems={problems}
      pending={save.isPending}
      submitLabel={set ? 'Save' : 'Create set'}
      onSubmit={submit}
      onCancel={onClose}
    >
      <SimpleGrid cols={2} spacing="xs">
        <TextInput
          label="Name"
          required
          value={v.name}
          onChange={(e) => setV({ ...v, name: e.currentTarget.value })}
          error={byField.name}
          data-autofocus
        />
        <NumberInput
          label="Order"
          min={0}
          value={v.position}
          onChange={(n) => setV({ ...v, position: Number(n) || 0 })}
          error={byField.position}
        />
      </SimpleGrid>
      <MultiSelect
        label="Reviewer teams"
        description="Members of these teams sign off the set's requirements."
        data={[...new Set([...teams, ...v.reviewerTeams])]}
        value={v.reviewerTeams}
        onChange={(reviewerTeams) => setV({ ...v, reviewerTeams })}
        searchable
        clearable
        error={byField.reviewerTeams}
      />
      <Textarea
        label="Applies to"
        description='A filter over components, e.g. type = "service" AND lifecycle != "eol". Empty: every component.'
        value={v.applicability}
        onChange={(e) => setV({ ...v, applicability: e.currentTarget.value })}
        autosize
        minRows={1}
        spellCheck={false}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        error={byField.applicability}
      />
      <TextInput
        label="Documentation link"
        value={v.docLink}
        onChange={(e) => setV({ ...v, docLink: e.currentTarget.value })}
        error={byField.docLink}
      />
      <Textarea
        label="Description (Markdown)"
        value={v.description}
        onChange={(e) => setV({ ...v, description: e.currentTarget.value })}
        autosize
        minRows={3}
        error={byField.description}
      />
    </DialogForm>
  );
}

export function SetFormModal({
  set,
  opened,
  onClose,
}: {
  set?: RequirementSet;
  opened: boolean;
  onClose(): void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={set ? `Edit set ${set.name}` : 'New requirement set'}
      size="lg"
    >
      <SetForm set={set} onClose={onClose} />
    </Modal>
  );
}
