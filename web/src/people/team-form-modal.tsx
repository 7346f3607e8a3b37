import { Modal, MultiSelect, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { usePeople } from '../api/people.js';
import { type TeamInput, useCreateTeam, useUpdateTeam } from '../api/teams.js';
import type { Team, TeamRights } from '../api/types.js';
import { TeamSelect } from '../catalog/reference-select.js';
import { changedFields } from '../components/changed-fields.js';
import { DialogForm } from '../components/dialog-form.js';
import { fieldErrors } from '../components/field-errors.js';

const FIELDS = [
  'name',
  'title',
  'description',
  'parent',
  'email',
  'chatChannel',
  'members',
] as const;

/** Create a team (admins) or edit one (admins and members): parent, members, contacts. */
/** A team as its page loads it: with what the person may do (`may.move`: change the parent). */
type EditedTeam = Team & { may?: TeamRights };

function TeamForm({ team, onClose }: { team?: EditedTeam; onClose(): void }) {
  const create = useCreateTeam();
  const update = useUpdateTeam(team?.name ?? '');
  const mutation = team ? update : create;
  const navigate = useNavigate();
  const usernames = usePeople().data?.items.map((p) => p.username) ?? [];
  const [v, setV] = useState({
    name: team?.name ?? '',
    title: team?.title ?? '',
    description: team?.description ?? '',
    email: team?.email ?? '',
    chatChannel: team?.chatChannel ?? '',
  });
  const [parent, setParent] = useState<string | null>(team?.parent ?? null);
  const [members, setMembers] = useState<string[]>(team?.members ?? []);

  const problems = fieldErrors(mutation.error, FIELDS);
  const { byField } = problems;
  const submit = () => {
    const body: TeamInput = { ...v, name: v.name.trim(), parent, members };
    if (!team) {
      create.mutate(
        { ...body, name: v.name.trim() },
        {
          onSuccess: (t) => {
            onClose();
            void navigate({ to: `/teams/${encodeURIComponent(t.name)}` });
          },
        },
      );
      return;
    }
    const changes = changedFields(team, body);
    if (Object.keys(changes).length === 0) return onClose();
    update.mutate(changes, {
      onSuccess: (t) => {
        notifications.show({ color: 'green', message: `Saved ${t.name}` });
        onClose();
        if (t.name !== team.name)
          void navigate({ to: `/teams/${encodeURIComponent(t.name)}`, replace: true });
      },
    });
  };
  const text = (key: keyof typeof v, label: string) => (
    <TextInput
      label={label}
      value={v[key]}
      onChange={(e) => setV({ ...v, [key]: e.currentTarget.value })}
      error={byField[key]}
      required={key === 'name'}
    />
  );
  return (
    <DialogForm
      error={mutation.error}
      problems={problems}
      pending={mutation.isPending}
      submitLabel={team ? 'Save' : 'Create team'}
      onSubmit={submit}
      onCancel={onClose}
    >
      <SimpleGrid cols={2} spacing="xs" verticalSpacing={6}>
        {text('name', 'Name')}
        {text('title', 'Title')}
        <TeamSelect
          label="Parent team"
          disabled={team?.may ? !team.may.move : false}
          description={team?.may && !team.may.move ? 'only admins move a team' : undefined}
          value={parent}
          onChange={setParent}
          error={byField.parent}
        />
        {text('email', 'Email')}
        {text('chatChannel', 'Chat channel')}
      </SimpleGrid>
      <MultiSelect
        label="Members"
        data={[...new Set([...usernames, ...members])]}
        value={members}
        onChange={setMembers}
        searchable
        clearable
        error={byField.members}
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

/** The dialog; its form mounts fresh each time it opens, so it starts from the current values. */
export function TeamFormModal({
  team,
  opened,
  onClose,
}: {
  team?: EditedTeam;
  opened: boolean;
  onClose(): void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={team ? `Edit team ${team.name}` : 'New team'}
      size="lg"
    >
      <TeamForm team={team} onClose={onClose} />
    </Modal>
  );
}
