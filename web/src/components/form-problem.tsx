import { Alert } from '@mantine/core';
import { describeError } from '../api/problem.js';

/**
 * A form's refusal that is not about one of its fields: not allowed, or problems the form does
 * not show under a field (a 409, another field's reason). Field problems stay under their fields.
 */
export function FormProblem({
  error,
  other,
  fieldCount,
}: {
  error: unknown;
  /** Problems of fields the form does not show. */
  other: string[];
  /** How many of the form's fields carry a reason. */
  fieldCount: number;
}) {
  if (!error) return null;
  const forbidden = (error as { status?: number }).status === 403;
  if (!forbidden && other.length === 0 && fieldCount > 0) return null;
  return (
    <Alert
      color={forbidden ? 'orange' : 'red'}
      title={forbidden ? 'Not allowed' : 'Not saved'}
      p="xs"
    >
      {forbidden || other.length === 0 ? describeError(error) : other.join('; ')}
    </Alert>
  );
}
