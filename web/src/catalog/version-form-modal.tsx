import {
  Alert,
  Button,
  Divider,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { usePeople } from '../api/people.js';
import { ApiError, describeError } from '../api/problem.js';
import type { Version } from '../api/types.js';
import { useCreateVersion, useUpdateVersion } from '../api/versions.js';
import { fieldErrors } from '../components/field-errors.js';
import { ReferenceMultiSelect } from './reference-select.js';
import {
  changedVersionFields,
  toVersionForm,
  toVersionPayload,
  VERSION_FORM_FIELDS,
  VERSION_HINT,
  type VersionFormValues,
  versionInputProblem,
} from './version-form-model.js';
import {
  DEV_LINK_LABELS,
  DEV_LINKS,
  FACT_LISTS,
  QA_KINDS,
  QA_RATINGS,
  ROLE_LABELS,
  ROLES,
} from './version-labels.js';

/** Add a version, or edit one: facts, dev links, QA ratings and people by role (usernames). */
function VersionForm({
  componentRef,
  version,
  editable,
  onClose,
}: {
  componentRef: string;
  version?: Version;
  /** The fields the person may change (a role holder's); absent: all of them. */
  editable?: readonly string[];
  onClose(): void;
}) {
  // The others stay visible but locked, so nobody fills in what the server will refuse.
  const locked = (field: string) => editable !== undefined && !editable.includes(field);
  const [values, setValues] = useState<VersionFormValues>(() => toVersionForm(version));
  /** Whether the version field was left or a submit was tried: then its problem shows. */
  const [versionTouched, setVersionTouched] = useState(false);
  const create = useCreateVersion(componentRef);
  const update = useUpdateVersion(componentRef, version?.version ?? '');
  const mutation = version ? update : create;
  const usernames = usePeople().data?.items.map((p) => p.username) ?? [];

  const set = <K extends keyof VersionFormValues>(key: K, value: VersionFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const { byField, other } = fieldErrors(mutation.error, VERSION_FORM_FIELDS);
  const problemAt = (path: string) =>
    mutation.error instanceof ApiError
      ? mutation.error.reasonsFor(path).join('; ') || undefined
      : undefined;

  const versionProblem = version ? undefined : versionInputProblem(values.version);
  const submit = () => {
    const payload = toVersionPayload(values);
    if (!version) {
      setVersionTouched(true);
      if (versionProblem) return;
      create.mutate(payload, {
        onSuccess: (v) => {
          notifications.show({ color: 'green', message: `Added version ${v.version}` });
          onClose();
        },
      });
      return;
    }
    const changes = changedVersionFields(version, payload);
    if (Object.keys(changes).length === 0) return onClose();
    update.mutate(changes, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: `Saved version ${version.version}` });
        onClose();
      },
    });
  };

  const forbidden = (mutation.error as { status?: number } | null)?.status === 403;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="xs">
        {mutation.error && (forbidden || other.length > 0 || Object.keys(byField).length === 0) && (
          <Alert
            color={forbidden ? 'orange' : 'red'}
            title={forbidden ? 'Not allowed' : 'Not saved'}
            p="xs"
          >
            {forbidden || other.length === 0 ? describeError(mutation.error) : other.join('; ')}
          </Alert>
        )}
        {editable && (
          <Text size="sm" c="dimmed" data-testid="role-fields">
            Your role on this version lets you change: {editable.join(', ')}. The rest is locked.
          </Text>
        )}
        <SimpleGrid cols={3} spacing="xs" verticalSpacing={6}>
          <TextInput
            label="Version"
            required
            disabled={Boolean(version)}
            value={values.version}
            onChange={(e) => set('version', e.currentTarget.value)}
            onBlur={() => setVersionTouched(values.version !== '')}
            error={(versionTouched && versionProblem) || byField.version}
            description={version ? undefined : VERSION_HINT}
            placeholder="1.4.0"
          />
          <NumberInput
            label="Code size (KLOC)"
            disabled={locked('kloc')}
            value={values.kloc}
            onChange={(v) => set('kloc', v)}
            min={0}
            error={byField.kloc}
          />
        </SimpleGrid>
        <Textarea
          label="Release notes"
          disabled={locked('releaseNotes')}
          value={values.releaseNotes}
          onChange={(e) => set('releaseNotes', e.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={6}
          error={byField.releaseNotes}
        />
        <Divider label="Development facts" labelPosition="left" />
        <SimpleGrid cols={3} spacing="xs" verticalSpacing={6}>
          {FACT_LISTS.map(([field, label]) => (
            <ReferenceMultiSelect
              key={field}
              list={field}
              label={label}
              disabled={locked(field)}
              value={values[field]}
              onChange={(v) => set(field, v)}
              error={byField[field]}
            />
          ))}
        </SimpleGrid>
        <SimpleGrid cols={3} spacing="xs" verticalSpacing={6}>
          {DEV_LINKS.map((key) => (
            <TextInput
              key={key}
              label={DEV_LINK_LABELS[key]}
              disabled={locked('devLinks')}
              value={values.devLinks[key]}
              onChange={(e) =>
                set('devLinks', { ...values.devLinks, [key]: e.currentTarget.value })
              }
              error={problemAt(`devLinks.${key}`)}
              placeholder="https://"
            />
          ))}
        </SimpleGrid>
        <Divider label="People by role (usernames)" labelPosition="left" />
        <SimpleGrid cols={2} spacing="xs" verticalSpacing={6}>
          {ROLES.map((role) => (
            <MultiSelect
              key={role}
              label={ROLE_LABELS[role]}
              disabled={locked('people')}
              data={[...new Set([...usernames, ...values.people[role]])]}
              value={values.people[role]}
              onChange={(v) => set('people', { ...values.people, [role]: v })}
              searchable
              clearable
              error={problemAt(`people.${role}`)}
            />
          ))}
        </SimpleGrid>
        <Divider label="QA ratings" labelPosition="left" />
        <SimpleGrid cols={3} spacing="xs" verticalSpacing={6}>
          {QA_KINDS.map((kind) => (
            <Group key={kind} gap={4} wrap="nowrap" align="flex-end">
              <Select
                label={kind}
                disabled={locked('qa')}
                data={[...QA_RATINGS]}
                value={values.qa[kind].rating}
                onChange={(v) =>
                  set('qa', {
                    ...values.qa,
                    [kind]: { ...values.qa[kind], rating: v ?? 'unknown' },
                  })
                }
                w={100}
                allowDeselect={false}
              />
              <TextInput
                placeholder="notes"
                disabled={locked('qa')}
                value={values.qa[kind].notes}
                onChange={(e) =>
                  set('qa', {
                    ...values.qa,
                    [kind]: { ...values.qa[kind], notes: e.currentTarget.value },
                  })
                }
                style={{ flex: 1 }}
                error={problemAt(`qa.${kind}`)}
              />
            </Group>
          ))}
        </SimpleGrid>
        <Group justify="space-between" mt="xs">
          <Text size="xs" c="dimmed">
            {version
              ? 'Only changed fields are sent; people named in a role may edit that role’s fields.'
              : ''}
          </Text>
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {version ? 'Save' : 'Add version'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

/** The dialog; its form mounts fresh each time it opens, so it starts from the current values. */
export function VersionFormModal({
  componentRef,
  version,
  editable,
  opened,
  onClose,
}: {
  componentRef: string;
  version?: Version;
  /** The fields the person may change (from the page's `may`); absent: all of them. */
  editable?: readonly string[];
  opened: boolean;
  onClose(): void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={version ? `Edit version ${version.version}` : 'Add a version'}
      size="xl"
    >
      <VersionForm
        componentRef={componentRef}
        version={version}
        editable={editable}
        onClose={onClose}
      />
    </Modal>
  );
}
