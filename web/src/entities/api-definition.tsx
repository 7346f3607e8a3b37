import { Anchor, Code, ScrollArea, Stack, Text } from '@mantine/core';
import { type Entity, useEntityDefinition } from '../api/entities.js';
import { safeUrl } from '../components/markdown.js';
import { ErrorAlert } from '../components/query-state.js';
import { Section } from '../components/section.js';
import { definitionFormat } from './definition-format.js';

/**
 * An API's definition: an OpenAPI document in the same reference viewer as Argus's own API
 * (/api/docs?api=ns/name, a page of Argus framed by Argus), other definitions as text, a
 * definition kept elsewhere as a link (Argus never fetches it).
 */
export function ApiDefinition({ api }: { api: Entity }) {
  const definition = useEntityDefinition(api.namespace, api.name, api.hasDefinition);
  const text = definition.data?.definition ?? '';
  const url = api.definitionUrl ? safeUrl(api.definitionUrl) : '';
  return (
    <Section title="Definition" testId="api-definition">
      <Stack gap="xs">
        {url && (
          <Text size="sm">
            Kept at{' '}
            <Anchor href={url} target="_blank" rel="noopener noreferrer nofollow" size="sm">
              {api.definitionUrl}
            </Anchor>
          </Text>
        )}
        {!api.hasDefinition && !url && (
          <Text size="sm" c="dimmed">
            No definition yet.
          </Text>
        )}
        {definition.error ? <ErrorAlert error={definition.error} /> : null}
        {text &&
          (definitionFormat(api.type, text) === 'openapi' ? (
            <iframe
              title={`API reference of ${api.ref}`}
              src={`/api/docs?api=${encodeURIComponent(`${api.namespace}/${api.name}`)}`}
              data-testid="api-reference-frame"
              style={{
                width: '100%',
                height: '75dvh',
                border: '1px solid var(--mantine-color-gray-3)',
                borderRadius: 4,
              }}
            />
          ) : (
            <ScrollArea.Autosize mah="70dvh">
              <Code block data-testid="api-definition-text">
                {text}
              </Code>
            </ScrollArea.Autosize>
          ))}
      </Stack>
    </Section>
  );
}
