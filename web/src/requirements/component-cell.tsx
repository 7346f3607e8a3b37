import { Anchor, Table, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { componentPath } from '../api/components.js';

/** A table row's component: its title, linking to its page, and below it the owner, if given. */
export function ComponentCell({
  component,
  title,
  owner,
}: {
  /** The component's reference. */
  component: string;
  title?: string | null;
  owner?: string | null;
}) {
  return (
    <Table.Td>
      <Anchor component={Link} to={componentPath(component)} size="sm">
        {title || component.replace(/^component:default\//, '')}
      </Anchor>
      {owner && (
        <Text size="xs" c="dimmed">
          {owner}
        </Text>
      )}
    </Table.Td>
  );
}
