import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useSetExclusion } from '../api/requirements.js';
import { fieldErrors } from '../components/field-errors.js';
import { FormProblem } from './form-problem.js';

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
  const { byField, other } = fieldErrors(exclude.error, ['reason']);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        exclude.mutate({ set: set.id, reason }, { onSuccess: onClose });
      }}
    >
      <Stack gap="xs">
        <FormProblem error={exclude.error} other={other} fieldCount={Object.keys(byField).length} />
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
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={exclude.isPending} disabled={reason.trim() === ''}>
            Mark not applicable
          </Button>
        </Group>
      </Stack>
    </form>
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
