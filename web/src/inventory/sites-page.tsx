import {
  Button,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useMe } from '../api/auth.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { ErrorAlert, QueryState } from '../components/query-state.js';
import {
  type Site,
  useCreateSite,
  useDeleteSite,
  useInventoryLiveUpdates,
  useSites,
  useUpdateSite,
} from './api.js';

const EXAMPLE_DEFAULTS =
  '{ "snmp": { "version": "2c", "community": "env:DC1_COMMUNITY" }, "ssh_user": "ops" }';

/** The site form: name, description and the defaults as JSON (credentials only as env: or file:). */
function SiteForm({ site, onClose }: { site: Site | null; onClose(): void }) {
  const create = useCreateSite();
  const update = useUpdateSite(site?.name ?? '');
  const mutation = site ? update : create;
  const [name, setName] = useState(site?.name ?? '');
  const [description, setDescription] = useState(site?.description ?? '');
  const [defaults, setDefaults] = useState(site ? JSON.stringify(site.defaults, null, 2) : '{}');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const submit = () => {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(defaults || '{}');
    } catch (error) {
      setJsonError(`Defaults are not JSON: ${(error as Error).message}`);
      return;
    }
    setJsonError(null);
    const input = { name, description, defaults: parsed };
    if (site) update.mutate(input, { onSuccess: onClose });
    else create.mutate(input, { onSuccess: onClose });
  };
  return (
    <Stack gap="sm">
      <ErrorAlert error={mutation.error} />
      <TextInput
        label="Name"
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        required
      />
      <TextInput
        label="Description"
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
      />
      <Textarea
        label="Defaults (JSON)"
        description="SNMP credentials, SSH user, polling workers. Credentials only by reference: env:NAME or file:/path."
        placeholder={EXAMPLE_DEFAULTS}
        value={defaults}
        onChange={(e) => setDefaults(e.currentTarget.value)}
        autosize
        minRows={4}
        error={jsonError}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={submit} loading={mutation.isPending}>
          {site ? 'Save' : 'Add site'}
        </Button>
      </Group>
    </Stack>
  );
}

/** Sites: named groups of resources with their polling defaults; admins edit them. */
export function SitesPage() {
  useInventoryLiveUpdates();
  const sites = useSites();
  const isAdmin = useMe().data?.isAdmin ?? false;
  const remove = useDeleteSite();
  const [editing, setEditing] = useState<Site | 'new' | null>(null);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3}>Sites</Title>
        {isAdmin && (
          <Button size="xs" onClick={() => setEditing('new')}>
            New site
          </Button>
        )}
      </Group>
      <ErrorAlert error={remove.error} />
      <QueryState query={sites}>
        {(list) =>
          list.length === 0 ? (
            <Text size="sm" c="dimmed">
              No sites yet. Resources may name a site before it is defined here.
            </Text>
          ) : (
            <Table striped verticalSpacing={4} data-testid="sites-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Description</Table.Th>
                  <Table.Th>Resources</Table.Th>
                  <Table.Th>Defaults</Table.Th>
                  {isAdmin && <Table.Th />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((site) => (
                  <Table.Tr key={site.id}>
                    <Table.Td>{site.name}</Table.Td>
                    <Table.Td>{site.description}</Table.Td>
                    <Table.Td>{site.resources}</Table.Td>
                    <Table.Td>
                      <Text size="xs" ff="monospace">
                        {JSON.stringify(site.defaults)}
                      </Text>
                    </Table.Td>
                    {isAdmin && (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            onClick={() => setEditing(site)}
                          >
                            Edit
                          </Button>
                          <ConfirmButton
                            label="Delete"
                            confirm={`Delete site ${site.name}? Its resources stay.`}
                            onConfirm={() => remove.mutate(site.name)}
                            loading={remove.isPending}
                          />
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? 'New site' : 'Edit site'}
      >
        {editing !== null && (
          <SiteForm site={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
        )}
      </Modal>
    </Stack>
  );
}
