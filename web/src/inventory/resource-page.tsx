import { Anchor, Badge, Button, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { componentPath } from '../api/components.js';
import { ComponentPicker } from '../catalog/component-picker.js';
import { KeyValues } from '../components/key-values.js';
import { ErrorAlert, QueryState } from '../components/query-state.js';
import { Section } from '../components/section.js';
import { ResourceMetrics } from '../telemetry/resource-metrics.js';
import { ResourcePolling } from '../telemetry/resource-polling.js';
import {
  type ResourceDetail,
  useInventoryLiveUpdates,
  useLinkComponent,
  useResource,
  useUnlinkComponent,
} from './api.js';

const when = (iso: string) => new Date(iso).toLocaleString();

function Metadata({ resource }: { resource: ResourceDetail['resource'] }) {
  const keys = Object.keys(resource.resource_metadata).sort();
  return (
    <Stack gap="xs">
      <KeyValues
        rows={[
          ['Site', resource.resource_site],
          [
            'Class / subclass / type',
            `${resource.resource_class} / ${resource.resource_subclass} / ${resource.resource_type}`,
          ],
          ['Endpoint', resource.resource_endpoint],
          ['Discovered by', resource.resource_plugin],
          ['Created', when(new Date(resource.resource_creation_timestamp * 1000).toISOString())],
          ['Last seen', when(resource.lastSeenAt)],
          ['TTL', `${resource.ttlSeconds} s`],
        ]}
      />
      <Table verticalSpacing={3} data-testid="resource-metadata">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Metadata key</Table.Th>
            <Table.Th>Value</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((key) => (
            <Table.Tr key={key}>
              <Table.Td>
                <Code>{key}</Code>
              </Table.Td>
              <Table.Td>{resource.resource_metadata[key]}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {keys.length === 0 && (
        <Text size="sm" c="dimmed">
          No metadata.
        </Text>
      )}
    </Stack>
  );
}

function Enrichments({ enrichments }: { enrichments: ResourceDetail['enrichments'] }) {
  const namespaces = Object.keys(enrichments);
  if (namespaces.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No enrichment plugin has described this resource yet.
      </Text>
    );
  return (
    <Stack gap="sm">
      {namespaces.map((namespace) => {
        const e = enrichments[namespace]!;
        const expired = new Date(e.expiresAt) < new Date();
        return (
          <Stack key={namespace} gap={2} data-testid={`enrichment-${namespace}`}>
            <Group gap="xs">
              <Text fw={600}>{namespace}</Text>
              <Text size="xs" c="dimmed">
                by {e.plugin}, collected {when(e.collectedAt)}
              </Text>
              {expired && (
                <Badge size="xs" color="orange" variant="light">
                  expired
                </Badge>
              )}
            </Group>
            <Code block>{JSON.stringify(e.data, null, 2)}</Code>
          </Stack>
        );
      })}
    </Stack>
  );
}

function Components({ detail }: { detail: ResourceDetail }) {
  const id = detail.resource.id;
  const link = useLinkComponent(id);
  const unlink = useUnlinkComponent(id);
  const [picked, setPicked] = useState<string | null>(null);
  return (
    <Stack gap="xs">
      {detail.components.length === 0 && (
        <Text size="sm" c="dimmed">
          Not linked to any component.
        </Text>
      )}
      {detail.components.map((c) => {
        return (
          <Group key={c.ref} gap="xs" data-testid="linked-component">
            <Anchor component={Link} to={componentPath(c.ref)}>
              {c.title || c.ref}
            </Anchor>
            <Text size="xs" c="dimmed">
              {c.ref}
            </Text>
            {c.via.map((via) => (
              <Badge key={via} size="xs" variant="light" color={via === 'rule' ? 'grape' : 'blue'}>
                {via === 'rule' ? "by the component's rule" : 'linked'}
              </Badge>
            ))}
            {c.via.includes('link') && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                loading={unlink.isPending}
                onClick={() => unlink.mutate(c.ref)}
              >
                Unlink
              </Button>
            )}
          </Group>
        );
      })}
      <Group gap="xs" align="flex-end">
        <ComponentPicker
          label="Link to a component"
          size="xs"
          w={300}
          value={picked}
          onChange={setPicked}
        />
        <Button
          size="xs"
          disabled={!picked}
          loading={link.isPending}
          onClick={() => picked && link.mutate(picked, { onSuccess: () => setPicked(null) })}
        >
          Link
        </Button>
      </Group>
      <ErrorAlert error={link.error ?? unlink.error} />
      <Text size="xs" c="dimmed">
        The component's owners (and admins) may link; a component can also select its resources by a
        rule on its own page.
      </Text>
    </Stack>
  );
}

/** One resource: its facts and metadata, enrichments by namespace, components, telemetry. */
export function ResourcePage() {
  useInventoryLiveUpdates();
  const { id } = useParams({ strict: false }) as { id: string };
  const query = useResource(id);
  return (
    <QueryState query={query}>
      {(detail) => (
        <Stack gap="sm">
          <Group gap="xs" align="baseline">
            <Anchor component={Link} to="/resources" size="sm">
              Resources
            </Anchor>
            <Text size="sm" c="dimmed">
              /
            </Text>
            <Title order={3}>{detail.resource.resource_id}</Title>
            <Text size="sm" c="dimmed">
              {detail.resource.resource_site}
            </Text>
            {detail.resource.staleSince && (
              <Badge color="orange" variant="light">
                stale since {when(detail.resource.staleSince)}
              </Badge>
            )}
          </Group>
          <Section title="Resource" testId="resource-facts">
            <Metadata resource={detail.resource} />
          </Section>
          <Section title="Components" testId="resource-components">
            <Components detail={detail} />
          </Section>
          <ResourcePolling resourceId={detail.resource.id} />
          <ResourceMetrics resourceId={detail.resource.id} />
          <Section title="Enrichments" testId="resource-enrichments">
            <Enrichments enrichments={detail.enrichments} />
          </Section>
        </Stack>
      )}
    </QueryState>
  );
}
