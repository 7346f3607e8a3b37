import { Modal, SimpleGrid, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { ReferenceList } from '../api/types.js';
import { type DeploymentInput, useAddDeployment } from '../api/versions.js';
import { DialogForm } from '../components/dialog-form.js';
import { fieldErrors } from '../components/field-errors.js';
import { ReferenceSelect } from './reference-select.js';

const FIELDS = [
  'environment',
  'locationClass',
  'productVersion',
  'runtime',
  'serviceName',
  'binaryName',
  'openPorts',
  'notes',
] as const;

/** The fields chosen from a reference list: [field, list, label]. */
const REFERENCE_FIELDS = [
  ['environment', 'environments', 'Environment'],
  ['locationClass', 'location_classes', 'Location class'],
  ['productVersion', 'product_versions', 'Product version'],
  ['runtime', 'runtimes', 'Runtime'],
] as const satisfies readonly (readonly [string, ReferenceList, string])[];
type ReferenceField = (typeof REFERENCE_FIELDS)[number][0];

/** Records where a version is deployed. */
function DeploymentForm({
  componentRef,
  version,
  onClose,
}: {
  componentRef: string;
  version: string;
  onClose(): void;
}) {
  const add = useAddDeployment(componentRef, version);
  const [references, setReferences] = useState<Record<ReferenceField, string | null>>({
    environment: null,
    locationClass: null,
    productVersion: null,
    runtime: null,
  });
  const [serviceName, setServiceName] = useState('');
  const [binaryName, setBinaryName] = useState('');
  const [ports, setPorts] = useState<string[]>([]);
  const [notes, setNotes] = useState('');
  const [portError, setPortError] = useState<string | undefined>();

  const problems = fieldErrors(add.error, FIELDS);
  const { byField } = problems;
  const submit = () => {
    const openPorts = ports.map(Number);
    if (openPorts.some((p) => !Number.isInteger(p) || p < 1 || p > 65535))
      return setPortError('ports are whole numbers 1-65535');
    setPortError(undefined);
    const input: DeploymentInput = {
      ...references,
      serviceName,
      binaryName,
      openPorts,
      notes,
    };
    add.mutate(input, { onSuccess: onClose });
  };
  return (
    <DialogForm
      error={add.error}
      problems={problems}
      pending={add.isPending}
      submitLabel={'Record deployment'}
      onSubmit={submit}
      onCancel={onClose}
    >
      <SimpleGrid cols={2} spacing="xs" verticalSpacing={6}>
        {REFERENCE_FIELDS.map(([field, list, label]) => (
          <ReferenceSelect
            key={field}
            list={list}
            label={label}
            value={references[field]}
            onChange={(value) => setReferences((r) => ({ ...r, [field]: value }))}
            error={byField[field]}
          />
        ))}
        <TextInput
          label="Service name"
          value={serviceName}
          onChange={(e) => setServiceName(e.currentTarget.value)}
          error={byField.serviceName}
        />
        <TextInput
          label="Binary name"
          value={binaryName}
          onChange={(e) => setBinaryName(e.currentTarget.value)}
          error={byField.binaryName}
        />
        <TagsInput
          label="Open ports"
          value={ports}
          onChange={setPorts}
          error={portError ?? byField.openPorts}
          placeholder="8080, 8443"
          splitChars={[',', ' ']}
        />
      </SimpleGrid>
      <Textarea
        label="Notes"
        value={notes}
        onChange={(e) => setNotes(e.currentTarget.value)}
        autosize
        minRows={2}
        error={byField.notes}
      />
    </DialogForm>
  );
}

/** The dialog; its form mounts fresh each time it opens, so it starts from the current values. */
export function DeploymentFormModal({
  componentRef,
  version,
  opened,
  onClose,
}: {
  componentRef: string;
  version: string;
  opened: boolean;
  onClose(): void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Record a deployment of ${version}`} size="lg">
      <DeploymentForm componentRef={componentRef} version={version} onClose={onClose} />
    </Modal>
  );
}
