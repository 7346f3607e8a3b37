import { Alert, Anchor, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useHoldFlag, useRadarLiveUpdates } from '../api/radar.js';

/**
 * On a component page: the technologies it uses that the tech radar puts on Hold (its outermost
 * ring). Nothing at all when there are none.
 */
export function HoldFlag({ namespace, name }: { namespace: string; name: string }) {
  const flag = useHoldFlag(namespace, name);
  useRadarLiveUpdates();
  const entries = flag.data?.entries ?? [];
  if (entries.length === 0) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      p="xs"
      title={`Uses technology on ${flag.data!.ring}`}
      data-testid="hold-flag"
    >
      <Text size="sm">
        {entries.map((e, i) => (
          <span key={e.id}>
            {i > 0 && ', '}
            <Anchor component={Link} to="/radar" size="sm">
              {e.label}
            </Anchor>{' '}
            <Text span size="xs" c="dimmed">
              ({e.via})
            </Text>
          </span>
        ))}
      </Text>
    </Alert>
  );
}
