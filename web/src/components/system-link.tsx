import { Anchor } from '@mantine/core';
import { Link } from '@tanstack/react-router';

/** `payments`, `system:payments` or `system:shop/payments` as the namespace and name of its page. */
export function systemPath(system: string): string {
  const [namespace, name] = system.replace(/^system:/, '').includes('/')
    ? system.replace(/^system:/, '').split('/', 2)
    : ['default', system.replace(/^system:/, '')];
  return `/systems/${encodeURIComponent(namespace!)}/${encodeURIComponent(name!)}`;
}

/** A component's system, linking to the system's page. */
export function SystemLink({ system }: { system: string }) {
  return (
    <Anchor component={Link} to={systemPath(system)} size="sm">
      {system.replace(/^system:(default\/)?/, '')}
    </Anchor>
  );
}
