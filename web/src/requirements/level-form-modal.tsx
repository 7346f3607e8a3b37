import { ColorInput, Modal, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { type RequirementLevel, useSaveLevel } from '../api/requirements.js';
import { changedFields } from '../components/changed-fields.js';
import { DialogForm } from '../components/dialog-form.js';
import { fieldErrors } from '../components/field-errors.js';

const FIELDS = ['name', 'description', 'color'] as const;

function LevelForm({ level, onClose }: { level?: RequirementLevel; onClose(): void }) {
  const save = useSaveLevel();
  const [v, setV] = useState({
    name: level?.name ?? '',
    description: level?.description ?? '',
    color: level?.color ?? '',
  });
  const problems = fieldErrors(save.error, FIELDS);
  const { byField } = problems;
  return (
    <DialogForm
      error={save.error}
      problems={problems}
      pending={save.isPending}
      submitLabel={level ? 'Save' : 'Add level on top'}
      onSubmit={() => {
        const body = { ...v, name: v.name.trim() };
        const input = level ? changedFields(level, body) : body;
        if (Object.keys(input).length === 0) return onClose();
        save.mutate({ key: level?.id, input }, { onSuccess: onClose });
      }}
      onCancel={onClose}
    >
      <TextInput
        label="Name"
        required
        value={v.name}
        onChange={(e) => setV({ ...v, name: e.currentTarget.value })}
        error={byField.name}
        data-autofocus
      />
      <ColorInput
        label="Badge colour"
        format="hex"
        value={v.color}
        onChange={(color) => setV({ ...v, color })}
        error={byField.color}
      />
      <Textarea
        label="Description"
        value={v.description}
        onChange={(e) => setV({ ...v, description: e.currentTarget.value })}
        autosize
        minRows={2}
        error={byField.description}
      />
    </DialogForm>
  );
}

export function LevelFormModal({
  level,
  opened,
  onClose,
}: {
  level?: RequirementLevel;
  opened: boolean;
  onClose(): void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={level ? `Edit level ${level.name}` : 'New level'}
    >
      <LevelForm level={level} onClose={onClose} />
    </Modal>
  );
}
