import { Modal, NumberInput, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useCreateReferenceItem, useUpdateReferenceItem } from '../api/reference.js';
import type { ReferenceItem, ReferenceList } from '../api/types.js';
import { DialogForm } from '../components/dialog-form.js';
import { fieldErrors } from '../components/field-errors.js';
import { ReferenceSelect } from './reference-select.js';

/** Add an item to a list, or rename / edit one (renames cascade on the server). */
function ReferenceItemForm({
  list,
  parentList,
  item,
  onClose,
}: {
  list: ReferenceList;
  parentList?: ReferenceList;
  item?: ReferenceItem;
  onClose(): void;
}) {
  const create = useCreateReferenceItem(list);
  const update = useUpdateReferenceItem(list);
  const mutation = item ? update : create;
  const [name, setName] = useState(item?.name ?? '');
  const [description, setDescription] = useState(item?.description ?? '');
  const [position, setPosition] = useState<number | string>(item?.position ?? 0);
  const [parent, setParent] = useState<string | null>(item?.parent ?? null);

  const problems = fieldErrors(mutation.error, ['name', 'description', 'position', 'parent']);
  const { byField } = problems;
  const submit = () => {
    const body = {
      name: name.trim(),
      description,
      position: typeof position === 'number' ? position : 0,
      parent: parentList ? parent : null,
    };
    if (item) update.mutate({ item: item.name, changes: body }, { onSuccess: onClose });
    else create.mutate(body, { onSuccess: onClose });
  };
  return (
    <DialogForm
      error={mutation.error}
      problems={problems}
      pending={mutation.isPending}
      submitLabel={item ? 'Save' : 'Add'}
      onSubmit={submit}
      onCancel={onClose}
    >
      <TextInput
        label="Name"
        required
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={byField.name}
        description={item ? 'Renaming updates every component that uses it.' : undefined}
      />
      {parentList && (
        <ReferenceSelect
          list={parentList}
          label={`Parent (${parentList.replace(/_/g, ' ')})`}
          value={parent}
          onChange={setParent}
          error={byField.parent}
        />
      )}
      <NumberInput label="Order" value={position} onChange={setPosition} error={byField.position} />
      <Textarea
        label="Description"
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        autosize
        minRows={2}
        error={byField.description}
      />
    </DialogForm>
  );
}

/** The dialog; its form mounts fresh each time it opens, so it starts from the current values. */
export function ReferenceItemModal({
  list,
  parentList,
  item,
  opened,
  onClose,
}: {
  list: ReferenceList;
  parentList?: ReferenceList;
  item?: ReferenceItem;
  opened: boolean;
  onClose(): void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={item ? `Edit "${item.name}"` : `Add to ${list.replace(/_/g, ' ')}`}
    >
      <ReferenceItemForm list={list} parentList={parentList} item={item} onClose={onClose} />
    </Modal>
  );
}
