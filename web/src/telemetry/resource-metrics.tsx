/**
 * A resource's latest values and charts on its page. A placeholder the telemetry module
 * replaces; the resource page renders it with this name and these props.
 */
export function ResourceMetrics(_props: { resourceId: string }) {
  return null;
}
