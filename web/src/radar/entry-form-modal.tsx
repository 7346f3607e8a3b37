import { Checkbox, Group, Modal, Select, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { type Entry, type Radar, useCreateEntry, useUpdateEntry } from '../api/radar.js';
import { DialogForm } from '../components/dialog-form.js';
import { fieldErrors } from '../components/field-errors.js';

const FIELDS = ['label', 'quadrant', 'ring', 'description', 'link', 'note'] as const;

/** Adds an entry on a ring (its first timeline point), or edits one; moves go through the drawer. */
function EntryForm({ radar, entry, onClose }: { radar: Radar; entry?: Entry; onClose(): void }) {
  const create = useCreateEntry();
  const update = useUpdateEntry(entry?.id ?? '');
  const mutation = entry ? update : create;
  const [label, setLabel] = useState(entry?.label ?? '');
  const [quadrant, setQuadrant] = useState<string | null>(
    entry?.quadrant ?? radar.quadrants[0]?.name ?? null,
  );
  const [ring, setRing] = useState<string | null>(radar.rings[0]?.name ?? null);
  const [description, setDescription] = useState(entry?.description ?? '');
  const [link, setLink] = useState(entry?.link ?? '');
  const [active, setActive] = useState(entry?.active ?? true);
  const [note, setNote] = useState('');
  const problems = fieldErrors(mutation.error, FIELDS);
  const { byField } = problems;

  const submit = () => {
    const fields = { label: label.trim(), quadrant: quadrant ?? '', description, link, active };
    if (entry) update.mutate(fields, { onSuccess: onClose });
    else create.mutate({ ...fields, ring: ring ?? '', note }, { onSuccess: onClose });
  };
  return (
    <DialogForm
      error={mutation.error}
      problems={problems}
      pending={mutation.isPending}
      submitLabel={entry ? 'Save' : 'Add'}
      onSubmit={submit}
      onCancel={onClose}
    >
      <TextInput
        label="Label"
        required
        value={label}
        onChange={(e) => setLabel(e.currentTarget.value)}
        error={byField.label}
        data-testid="entry-label"
      />
      <Group grow>
        <Select
          label="Quadrant"
          required
          data={radar.quadrants.map((q) => q.name)}
          value={quadrant}
          onChange={setQuadrant}
          error={byField.quadrant}
          allowDeselect={false}
        />
        {!entry && (
          <Select
            label="Ring"
            required
            data={radar.rings.map((r) => r.name)}
            value={ring}
            onChange={setRing}
            error={byField.ring}
            allowDeselect={false}
          />
        )}
      </Group>
      <Textarea
        label="Description"
        description="Markdown"
        autosize
        minRows={3}
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        error={byField.description}
      />
      <TextInput
        label="Link"
        placeholder="https://"
        value={link}
        onChange={(e) => setLink(e.currentTarget.value)}
        error={byField.link}
      />
      {!entry && (
        <TextInput
          label="Why on this ring"
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={byField.note}
        />
      )}
      <Checkbox
        label="Active (inactive entries are drawn grey)"
        checked={active}
        onChange={(e) => setActive(e.currentTarget.checked)}
      />
    </DialogForm>
  );
}

export function EntryFormModal({
  radar,
  entry,
  opened,
  onClose,
}: {
  radar: Radar;
  entry?: Entry;
  opened: boolean;
  onClose(): void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={entry ? `Edit ${entry.label}` : 'Add entry'}>
      {opened && <EntryForm radar={radar} entry={entry} onClose={onClose} />}
    </Modal>
  );
}
