import { Modal, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useRequestExemption } from '../api/requirements.js';
import { DialogForm } from '../components/dialog-form.js';
import { fieldErrors } from '../components/field-errors.js';

const FIELDS = ['reason', 'expiresAt'] as const;

/** Tomorrow as `YYYY-MM-DD` (UTC): the earliest expiry, as a date is valid through its day. */
export function earliestExpiry(now = new Date()): string {
  return new Date(now.getTime() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

function ExemptionForm({
  componentRef,
  requirement,
  onClose,
}: {
  componentRef: string;
  requirement: { id: string; title: string };
  onClose(): void;
}) {
  const request = useRequestExemption(componentRef);
  const [reason, setReason] = useState('');
  const [expiresAt, setExpiresAt] = useState('');
  const problems = fieldErrors(request.error, FIELDS);
  const { byField } = problems;
  return (
    <DialogForm
      error={request.error}
      problems={problems}
      pending={request.isPending}
      submitLabel={'Request exemption'}
      onSubmit={() => {
        request.mutate(
          { requirement: requirement.id, reason, expiresAt },
          {
            onSuccess: () => {
              notifications.show({
                color: 'green',
                message: `Exemption requested: ${requirement.title}`,
              });
              onClose();
            },
          },
        );
      }}
      onCancel={onClose}
    >
      <Textarea
        label="Reason"
        description="Why the requirement cannot be met for now; reviewers read this."
        required
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        autosize
        minRows={3}
        error={byField.reason}
        data-autofocus
      />
      <TextInput
        label="Expires"
        description="Valid through this day (UTC); then the requirement counts again."
        type="date"
        required
        min={earliestExpiry()}
        value={expiresAt}
        onChange={(e) => setExpiresAt(e.currentTarget.value)}
        error={byField.expiresAt}
      />
    </DialogForm>
  );
}

/** Asks reviewers for a time-limited waiver of one requirement for the whole component. */
export function ExemptionModal({
  componentRef,
  requirement,
  onClose,
}: {
  componentRef: string;
  requirement: { id: string; title: string } | null;
  onClose(): void;
}) {
  return (
    <Modal
      opened={requirement !== null}
      onClose={onClose}
      title={`Request an exemption: ${requirement?.title ?? ''}`}
      size="md"
    >
      {requirement && (
        <ExemptionForm componentRef={componentRef} requirement={requirement} onClose={onClose} />
      )}
    </Modal>
  );
}
