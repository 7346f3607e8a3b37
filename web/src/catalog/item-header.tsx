import { Anchor, Breadcrumbs, Button, Code, Group, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link, useNavigate } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { describeError } from '../api/problem.js';
import type { Lifecycle } from '../api/types.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { LifecycleBadge } from '../components/lifecycle-badge.js';

/**
 * The head of a catalog item's page (a component, a system, an API ...): the trail back to its
 * list, the title with the lifecycle, the reference, and the actions the caller may take: the
 * graph around it, Edit, and Delete, which asks first and then returns to the list.
 */
export function ItemHeader({
  item,
  list,
  titleTestId,
  beside,
  graph,
  onEdit,
  remove,
}: {
  item: { namespace: string; name: string; title: string; lifecycle: Lifecycle; ref: string };
  /** The list the item belongs to: its label and path. */
  list: { label: string; path: string };
  titleTestId: string;
  /** Next to the reference. */
  beside?: ReactNode;
  /** The graph button: its label and root. */
  graph: { label: string; root: string };
  /** Absent when the caller may not edit. */
  onEdit?: () => void;
  /** Absent when the caller may not delete. */
  remove?: {
    confirm: string;
    isPending: boolean;
    mutate(
      variables: undefined,
      options: { onSuccess(): void; onError(error: unknown): void },
    ): void;
  };
}) {
  const navigate = useNavigate();
  return (
    <>
      <Breadcrumbs separator="/" fz="sm">
        <Anchor component={Link} to={list.path} size="sm">
          {list.label}
        </Anchor>
        <Text size="sm">{item.namespace}</Text>
        <Text size="sm">{item.name}</Text>
      </Breadcrumbs>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Group gap="xs" align="center">
            <Title order={3} data-testid={titleTestId}>
              {item.title || item.name}
            </Title>
            <LifecycleBadge lifecycle={item.lifecycle} />
          </Group>
          <Group gap={6}>
            <Code>{item.ref}</Code>
            {beside}
          </Group>
        </div>
        <Group gap={6} wrap="nowrap">
          <Button
            size="xs"
            variant="default"
            component={Link}
            to="/graph"
            search={{ root: graph.root, depth: 2 } as never}
          >
            {graph.label}
          </Button>
          {onEdit && (
            <Button size="xs" onClick={onEdit}>
              Edit
            </Button>
          )}
          {remove && (
            <ConfirmButton
              label="Delete"
              variant="light"
              size="xs"
              loading={remove.isPending}
              confirm={remove.confirm}
              onConfirm={() =>
                remove.mutate(undefined, {
                  onSuccess: () => {
                    notifications.show({ color: 'green', message: `Deleted ${item.ref}` });
                    void navigate({ to: list.path });
                  },
                  onError: (error) =>
                    notifications.show({
                      color: 'red',
                      title: 'Not deleted',
                      message: describeError(error),
                    }),
                })
              }
            />
          )}
        </Group>
      </Group>
    </>
  );
}
