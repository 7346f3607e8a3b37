import { Modal, PasswordInput, Select, SimpleGrid, Switch, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMe } from '../api/auth.js';
import { type PersonInput, useCreatePerson, usePeople, useUpdatePerson } from '../api/people.js';
import type { Person } from '../api/types.js';
import { changedFields } from '../components/changed-fields.js';
import { DialogForm } from '../components/dialog-form.js';
import { fieldErrors } from '../components/field-errors.js';

const TEXT_FIELDS = [
  ['name', 'Name'],
  ['email', 'Email'],
  ['title', 'Job title'],
  ['organization', 'Organization'],
  ['department', 'Department'],
  ['officePhone', 'Office phone'],
  ['mobilePhone', 'Mobile phone'],
  ['employeeNumber', 'Employee number'],
] as const;
type TextField = (typeof TEXT_FIELDS)[number][0];
const FIELDS = [
  'username',
  ...TEXT_FIELDS.map(([f]) => f),
  'manager',
  'role',
  'hidden',
  'password',
] as const;

/**
 * Add a person (admins), with an optional first password, or edit one (admins, or yourself). A
 * password changes in its own dialog (password-modal.tsx), which ends sessions.
 */
function PersonForm({ person, onClose }: { person?: Person; onClose(): void }) {
  const isAdmin = useMe().data?.isAdmin ?? false;
  const create = useCreatePerson();
  const update = useUpdatePerson(person?.username ?? '');
  const mutation = person ? update : create;
  const usernames = usePeople().data?.items.map((p) => p.username) ?? [];
  const [username, setUsername] = useState(person?.username ?? '');
  const [text, setText] = useState<Record<TextField, string>>(
    () =>
      Object.fromEntries(TEXT_FIELDS.map(([f]) => [f, person?.[f] ?? ''])) as Record<
        TextField,
        string
      >,
  );
  const [manager, setManager] = useState<string | null>(person?.manager ?? null);
  const [role, setRole] = useState<'admin' | 'member'>(person?.role ?? 'member');
  const [hidden, setHidden] = useState(person?.hidden ?? false);
  const [password, setPassword] = useState('');

  const problems = fieldErrors(mutation.error, FIELDS);
  const { byField } = problems;
  const submit = () => {
    const body: PersonInput = { ...text, manager };
    if (isAdmin) Object.assign(body, { role, hidden });
    if (!person) {
      create.mutate(
        { ...body, username: username.trim(), password: password || undefined },
        { onSuccess: onClose },
      );
      return;
    }
    const changes = changedFields(person, body);
    if (Object.keys(changes).length === 0) return onClose();
    update.mutate(changes, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: `Saved ${person.username}` });
        onClose();
      },
    });
  };
  return (
    <DialogForm
      error={mutation.error}
      problems={problems}
      pending={mutation.isPending}
      submitLabel={person ? 'Save' : 'Add person'}
      onSubmit={submit}
      onCancel={onClose}
    >
      <SimpleGrid cols={2} spacing="xs" verticalSpacing={6}>
        <TextInput
          label="Username"
          required
          disabled={Boolean(person)}
          value={username}
          onChange={(e) => setUsername(e.currentTarget.value)}
          error={byField.username}
        />
        {TEXT_FIELDS.map(([field, label]) => (
          <TextInput
            key={field}
            label={label}
            value={text[field] ?? ''}
            onChange={(e) => setText({ ...text, [field]: e.currentTarget.value })}
            error={byField[field]}
          />
        ))}
        <Select
          label="Manager"
          data={usernames.filter((u) => u !== person?.username)}
          value={manager}
          onChange={setManager}
          searchable
          clearable
          error={byField.manager}
        />
        {!person && (
          <PasswordInput
            label="Password"
            description="at least 10 characters; leave empty for none"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={byField.password}
            autoComplete="new-password"
          />
        )}
        {isAdmin && (
          <Select
            label="Role"
            data={['member', 'admin']}
            value={role}
            onChange={(v) => setRole((v ?? 'member') as 'admin' | 'member')}
            allowDeselect={false}
            error={byField.role}
          />
        )}
        {isAdmin && (
          <Switch
            label="Hidden from lists"
            checked={hidden}
            onChange={(e) => setHidden(e.currentTarget.checked)}
            mt="lg"
          />
        )}
      </SimpleGrid>
    </DialogForm>
  );
}

/** The dialog; its form mounts fresh each time it opens, so it starts from the current values. */
export function PersonFormModal({
  person,
  opened,
  onClose,
}: {
  person?: Person;
  opened: boolean;
  onClose(): void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={person ? `Edit ${person.username}` : 'Add a person'}
      size="lg"
    >
      <PersonForm person={person} onClose={onClose} />
    </Modal>
  );
}
