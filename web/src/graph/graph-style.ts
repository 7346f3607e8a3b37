import { LIFECYCLE_COLORS } from '../app/theme.js';
import { DASH, dependencyKind } from '../catalog/dependency-style.js';

export const LIFECYCLE_ORDER = [
  'experimental',
  'new',
  'mature',
  'legacy',
  'deprecated',
  'eol',
  'eos',
  'unknown',
];

export function lifecycleColor(lifecycle: string, shade: number): string {
  return `var(--mantine-color-${LIFECYCLE_COLORS[lifecycle] ?? 'gray'}-${shade})`;
}

/** Edge look by dependency type: strong solid, weak dashed, compile-time dotted. */
export function edgeStyle(type: string): {
  stroke: string;
  strokeDasharray?: string;
  strokeWidth: number;
} {
  const kind = dependencyKind(type);
  return {
    stroke: kind === 'strong' ? '#495057' : kind === 'weak' ? '#4c6ef5' : '#868e96',
    strokeDasharray: DASH[kind],
    strokeWidth: kind === 'strong' ? 1.6 : 1.3,
  };
}
