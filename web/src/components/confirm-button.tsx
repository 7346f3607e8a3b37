import { Button, type ButtonProps, Group, Popover, Text } from '@mantine/core';
import { useState } from 'react';

/** A destructive action that asks once before it runs. */
export function ConfirmButton({
  label,
  confirm,
  onConfirm,
  loading,
  ...props
}: { label: string; confirm: string; onConfirm(): void; loading?: boolean } & Omit<
  ButtonProps,
  'children'
>) {
  const [opened, setOpened] = useState(false);
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      width={280}
      position="bottom-end"
      withArrow
      shadow="md"
    >
      <Popover.Target>
        <Button
          size="compact-xs"
          variant="subtle"
          color="red"
          loading={loading}
          onClick={() => setOpened((o) => !o)}
          {...props}
        >
          {label}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Text size="sm">{confirm}</Text>
        <Group justify="flex-end" gap="xs" mt="xs">
          <Button size="compact-xs" variant="default" onClick={() => setOpened(false)}>
            Cancel
          </Button>
          <Button
            size="compact-xs"
            color="red"
            onClick={() => {
              setOpened(false);
              onConfirm();
            }}
          >
            {label}
          </Button>
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}
