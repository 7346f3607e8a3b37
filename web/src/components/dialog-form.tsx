import { Button, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { FieldProblems } from './field-errors.js';
import { FormProblem } from './form-problem.js';

/**
 * A dialog's form: on top the refusal that is not about one of its fields, then the fields, then
 * Cancel and the submit button (busy while the request runs). Enter submits without a reload.
 */
export function DialogForm({
  error,
  problems,
  pending,
  submitLabel,
  submitDisabled,
  note,
  onSubmit,
  onCancel,
  children,
}: {
  /** The request's error, if any. */
  error: unknown;
  /** `fieldErrors` of that error: reasons the fields show, and the rest. */
  problems: FieldProblems;
  pending: boolean;
  submitLabel: ReactNode;
  submitDisabled?: boolean;
  /** A hint left of the buttons. */
  note?: ReactNode;
  onSubmit(): void;
  onCancel(): void;
  children: ReactNode;
}) {
  const buttons = (
    <Group justify="flex-end" gap="xs">
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" loading={pending} disabled={submitDisabled}>
        {submitLabel}
      </Button>
    </Group>
  );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <Stack gap="xs">
        <FormProblem
          error={error}
          other={problems.other}
          fieldCount={Object.keys(problems.byField).length}
        />
        {children}
        {note ? (
          <Group justify="space-between" mt="xs">
            <Text size="xs" c="dimmed">
              {note}
            </Text>
            {buttons}
          </Group>
        ) : (
          buttons
        )}
      </Stack>
    </form>
  );
}
