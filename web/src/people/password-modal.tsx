import { Alert, Button, Checkbox, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMe } from '../api/auth.js';
import { useChangePassword } from '../api/people.js';
import { describeError } from '../api/problem.js';
import type { PasswordChanged } from '../api/types.js';
import { fieldErrors } from '../components/field-errors.js';

const FIELDS = ['currentPassword', 'newPassword', 'revokeApiTokens'] as const;

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** What the change ended, in the words of the person who asked for it. */
function describeEnded(ended: PasswordChanged, self: boolean): string {
  const sessions = `${count(ended.sessionsEnded, self ? 'other session' : 'session')} ended`;
  return `${sessions}, ${count(ended.apiTokensRevoked, 'API token')} revoked.`;
}

/**
 * Changes your own password (with your current one) or, for an admin, resets someone else's. It
 * ends the person's other sessions (all of them on a reset) and, unless unticked, their API tokens.
 */
function PasswordForm({
  username,
  self,
  onClose,
}: {
  username: string;
  /** Whether it is the logged-in person's own password. */
  self: boolean;
  onClose(): void;
}) {
  const change = useChangePassword(username);
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [revokeApiTokens, setRevokeApiTokens] = useState(true);
  const mismatch = repeated !== '' && repeated !== newPassword;

  const { byField, other } = fieldErrors(change.error, FIELDS);
  const forbidden = (change.error as { status?: number } | null)?.status === 403;
  const submit = () => {
    if (newPassword !== repeated) return;
    change.mutate(
      { currentPassword: self ? currentPassword : undefined, newPassword, revokeApiTokens },
      {
        onSuccess: (ended) => {
          notifications.show({
            color: 'green',
            title: self ? 'Password changed' : `Password of ${username} reset`,
            message: describeEnded(ended, self),
            autoClose: 10_000,
          });
          onClose();
        },
      },
    );
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="xs">
        {change.error && (forbidden || other.length > 0 || Object.keys(byField).length === 0) && (
          <Alert
            color={forbidden ? 'orange' : 'red'}
            title={forbidden ? 'Not allowed' : 'Not changed'}
            p="xs"
          >
            {forbidden || other.length === 0 ? describeError(change.error) : other.join('; ')}
          </Alert>
        )}
        <Text size="sm" c="dimmed">
          {self
            ? 'Your other sessions end; this one stays.'
            : `All of ${username}'s sessions end: they log in again with the new password.`}
        </Text>
        {self && (
          <PasswordInput
            label="Current password"
            required
            value={currentPassword}
            onChange={(e) => setCurrentPassword(e.currentTarget.value)}
            error={byField.currentPassword}
            autoComplete="current-password"
            data-autofocus
          />
        )}
        <PasswordInput
          label="New password"
          description="at least 10 characters"
          required
          value={newPassword}
          onChange={(e) => setNewPassword(e.currentTarget.value)}
          error={byField.newPassword}
          autoComplete="new-password"
          data-autofocus={self ? undefined : true}
        />
        <PasswordInput
          label="Repeat the new password"
          required
          value={repeated}
          onChange={(e) => setRepeated(e.currentTarget.value)}
          error={mismatch ? 'not the same as the new password' : undefined}
          autoComplete="new-password"
        />
        <Checkbox
          label={self ? 'Also revoke my API tokens' : `Also revoke ${username}'s API tokens`}
          checked={revokeApiTokens}
          onChange={(e) => setRevokeApiTokens(e.currentTarget.checked)}
          error={byField.revokeApiTokens}
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={change.isPending} disabled={mismatch}>
            {self ? 'Change password' : 'Reset password'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The dialog; its form mounts fresh each time it opens, so no password lingers in it. */
export function PasswordModal({
  username,
  opened,
  onClose,
}: {
  username: string;
  opened: boolean;
  onClose(): void;
}) {
  const self = useMe().data?.username === username;
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={self ? 'Change your password' : `Reset the password of ${username}`}
    >
      <PasswordForm username={username} self={self} onClose={onClose} />
    </Modal>
  );
}
