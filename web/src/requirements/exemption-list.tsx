import { Accordion, Group, Stack, Text } from '@mantine/core';
import { useComponentExemptions } from '../api/requirements.js';
import { plural } from '../components/format.js';
import { ExemptionLine } from './exemption-line.js';

/**
 * Every exemption of a component, newest first, the decided ones too: a waiver holds for all
 * versions, and its history (requested, approved, denied, revoked, expired) stays readable.
 */
export function ExemptionList({ componentRef }: { componentRef: string }) {
  const list = useComponentExemptions(componentRef).data ?? [];
  if (list.length === 0) return null;
  const inForce = list.filter((e) => e.active).length;
  const waiting = list.filter((e) => e.state === 'requested').length;
  return (
    <Accordion variant="contained" chevronPosition="left" data-testid="exemption-list">
      <Accordion.Item value="exemptions">
        <Accordion.Control py={0}>
          <Group gap="xs">
            <Text size="sm" fw={600}>
              Exemptions of this component
            </Text>
            <Text size="xs" c="dimmed">
              {plural(list.length, 'exemption')}: {inForce} in force, {waiting} waiting
            </Text>
          </Group>
        </Accordion.Control>
        <Accordion.Panel>
          <Stack gap="xs">
            {list.map((e) => (
              <ExemptionLine key={e.id} exemption={e} showRequirement />
            ))}
          </Stack>
          <Text size="xs" c="dimmed" mt={4}>
            An exemption holds for every version of the component until it expires or is revoked.
          </Text>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
