import { Modal, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useSetExclusion } from '../api/requirements.js';
import { DialogForm } from '../components/dialog-form.js';
import { fieldErrors } from '../components/field-errors.js';

function ExclusionForm({
  componentRef,
  version,
  set,
  onClose,
}: {
  componentRef: string;
  version: string;
  set: { id: string; name: string };
  onClose(): void;
}) {
  const exclude = useSetExclusion(componentRef, version);
  const [reason, setReason] = useState('');
  const problems = fieldErrors(exclude.error, ['reason']);
  const { byField } = problems;
  return (
    <DialogForm
      error={exclude.error}
      problems={problems}
      pending={exclude.isPending}
      submitLabel={'Mark not applicable'}
      submitDisabled={reason.trim() === ''}
      onSubmit={() => {
        exclude.mutate({ set: set.id, reason }, { onSuccess: onClose });
      }}
      onCancel={onClose}
    >
      <Textarea
        label="Reason"
        description={`Why no requirement of ${set.name} applies to version ${version}. The set then leaves every score.`}
        required
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        autosize
        minRows={3}
        error={byField.reason}
        data-autofocus
      />
    </DialogForm>
  );
}

/** Marks a whole set not applicable for one version; the reason is required. */
export function ExclusionModal({
  componentRef,
  version,
  set,
  onClose,
}: {
  componentRef: string;
  version: string;
  set: { id: string; name: string } | null;
  onClose(): void;
}) {
  return (
    <Modal
      opened={set !== null}
      onClose={onClose}
      title={`${set?.name ?? ''}: not applicable to ${version}`}
      size="md"
    >
      {set && (
        <ExclusionForm componentRef={componentRef} version={version} set={set} onClose={onClose} />
      )}
    </Modal>
  );
}
