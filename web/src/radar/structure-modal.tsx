import {
  Alert,
  Button,
  ColorInput,
  Group,
  Modal,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { describeError } from '../api/problem.js';
import {
  type Quadrant,
  type Radar,
  type Ring,
  useCreatePart,
  useDeletePart,
  useUpdatePart,
} from '../api/radar.js';
import { ConfirmButton } from '../components/confirm-button.js';

type Kind = 'quadrants' | 'rings';

/** One quadrant or ring as an editable row, or an empty row that adds one. */
function PartRow({ kind, part }: { kind: Kind; part?: Quadrant | Ring }) {
  const create = useCreatePart(kind);
  const update = useUpdatePart(kind);
  const remove = useDeletePart(kind);
  const [name, setName] = useState(part?.name ?? '');
  const [position, setPosition] = useState<number | string>(part?.position ?? '');
  const [color, setColor] = useState((part as Ring | undefined)?.color ?? '');
  const error = create.error ?? update.error ?? remove.error;
  const save = () => {
    const body = {
      name: name.trim(),
      ...(typeof position === 'number' ? { position } : {}),
      ...(kind === 'rings' ? { color } : {}),
    };
    if (part) update.mutate({ id: part.id, ...body });
    else
      create.mutate(body, {
        onSuccess: () => {
          setName('');
          setPosition('');
          setColor('');
        },
      });
  };
  return (
    <>
      <Table.Tr>
        <Table.Td>
          <TextInput
            size="xs"
            value={name}
            placeholder={part ? undefined : `new ${kind === 'rings' ? 'ring' : 'quadrant'}`}
            onChange={(e) => setName(e.currentTarget.value)}
            aria-label="name"
          />
        </Table.Td>
        <Table.Td w={90}>
          <NumberInput
            size="xs"
            min={0}
            value={position}
            onChange={setPosition}
            aria-label="position"
          />
        </Table.Td>
        {kind === 'rings' && (
          <Table.Td w={130}>
            <ColorInput size="xs" value={color} onChange={setColor} aria-label="colour" />
          </Table.Td>
        )}
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            <Button
              size="compact-xs"
              onClick={save}
              disabled={!name.trim()}
              loading={create.isPending || update.isPending}
            >
              {part ? 'Save' : 'Add'}
            </Button>
            {part && (
              <ConfirmButton
                label="Delete"
                confirm={`Delete ${part.name}? Refused while entries use it.`}
                loading={remove.isPending}
                onConfirm={() => remove.mutate(part.id)}
              />
            )}
          </Group>
        </Table.Td>
      </Table.Tr>
      {error && (
        <Table.Tr>
          <Table.Td colSpan={4}>
            <Alert color={(error as { status?: number }).status === 409 ? 'orange' : 'red'} p={4}>
              {describeError(error)}
            </Alert>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

function PartTable({ kind, parts }: { kind: Kind; parts: (Quadrant | Ring)[] }) {
  return (
    <Table withRowBorders={false} verticalSpacing={2}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Name</Table.Th>
          <Table.Th>Order</Table.Th>
          {kind === 'rings' && <Table.Th>Colour</Table.Th>}
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {parts.map((p) => (
          <PartRow key={`${p.id}:${p.name}:${p.position}`} kind={kind} part={p} />
        ))}
        <PartRow kind={kind} />
      </Table.Tbody>
    </Table>
  );
}

/** Quadrants and rings: rename, reorder (lower first; ring 0 is the centre), recolour, add, delete. */
export function StructureModal({
  radar,
  opened,
  onClose,
}: {
  radar: Radar;
  opened: boolean;
  onClose(): void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Quadrants and rings" size="lg">
      <Stack gap="sm">
        <Title order={6}>Quadrants</Title>
        <PartTable kind="quadrants" parts={radar.quadrants} />
        <Title order={6}>Rings</Title>
        <Text size="xs" c="dimmed">
          The lowest order is the centre; the outermost ring is the Hold ring, whose entries flag
          the components that use them.
        </Text>
        <PartTable kind="rings" parts={radar.rings} />
      </Stack>
    </Modal>
  );
}
