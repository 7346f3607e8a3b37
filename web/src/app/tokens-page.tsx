import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useCreateToken, useRevokeToken, useTokens } from '../api/auth.js';
import { describeError } from '../api/problem.js';
import type { IssuedToken } from '../api/types.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { formatDateTime } from '../components/format.js';
import { QueryState } from '../components/query-state.js';

/** Personal API tokens for scripts and the CLI: list, create (secret shown once), revoke. */
export function TokensPage() {
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState('');
  const [days, setDays] = useState<number | string>('');
  const [issued, setIssued] = useState<IssuedToken | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), expiresInDays: typeof days === 'number' && days > 0 ? days : undefined },
      {
        onSuccess: (token) => {
          setIssued(token);
          setName('');
          setDays('');
        },
      },
    );
  };

  return (
    <Stack gap="sm" maw={900}>
      <Title order={3}>API tokens</Title>
      <Text size="sm" c="dimmed">
        Send a token as <Code>Authorization: Bearer &lt;token&gt;</Code> from scripts and the argus
        CLI. It acts as you.
      </Text>
      <form onSubmit={submit}>
        <Group align="flex-end" gap="xs">
          <TextInput
            label="Name"
            placeholder="ci-pipeline"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            required
            size="xs"
            w={240}
          />
          <NumberInput
            label="Expires in days"
            placeholder="never"
            value={days}
            onChange={setDays}
            min={1}
            max={3650}
            size="xs"
            w={140}
          />
          <Button type="submit" size="xs" loading={create.isPending}>
            Create token
          </Button>
        </Group>
      </form>
      {create.error && <Alert color="red">{describeError(create.error)}</Alert>}
      {issued && (
        <Alert
          color="green"
          title={`Token "${issued.name}" created`}
          withCloseButton
          onClose={() => setIssued(null)}
        >
          <Text size="sm">Copy it now: it is shown only once.</Text>
          <Group gap="xs" mt={4} wrap="nowrap">
            <Code data-testid="issued-token">{issued.token}</Code>
            <CopyButton value={issued.token}>
              {({ copied, copy }) => (
                <Button variant="light" onClick={copy} size="compact-xs">
                  {copied ? 'Copied' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      {revoke.error && <Alert color="red">{describeError(revoke.error)}</Alert>}
      <QueryState query={tokens}>
        {(data) => (
          <Table withTableBorder className="dense-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Text size="sm" c="dimmed">
                      No tokens yet.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {data.items.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>{t.name}</Table.Td>
                  <Table.Td>{formatDateTime(t.createdAt)}</Table.Td>
                  <Table.Td>{t.expiresAt ? formatDateTime(t.expiresAt) : 'never'}</Table.Td>
                  <Table.Td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'never'}</Table.Td>
                  <Table.Td ta="right">
                    <ConfirmButton
                      label="Revoke"
                      confirm={`Revoke the token "${t.name}"? Scripts using it stop working.`}
                      onConfirm={() => revoke.mutate(t.id)}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
    </Stack>
  );
}
