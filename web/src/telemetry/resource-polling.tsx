/**
 * A resource's polling status and recent errors on its page. A placeholder the telemetry module
 * replaces; the resource page renders it with this name and these props.
 */
export function ResourcePolling(_props: { resourceId: string }) {
  return null;
}
