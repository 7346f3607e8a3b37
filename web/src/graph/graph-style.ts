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

/**
 * The catalog's other kinds beside components, each a shape of its own so it reads apart from
 * the lifecycle colours: an API a pill, a resource a cylinder-like box, a system a double
 * frame, a domain a heavy dark frame.
 */
export const KIND_STYLES: Record<
  string,
  { label: string; color: string; borderRadius: string; borderStyle: string; borderWidth: number }
> = {
  api: {
    label: 'API',
    color: 'violet',
    borderRadius: '999px',
    borderStyle: 'solid',
    borderWidth: 2,
  },
  resource: {
    label: 'resource',
    color: 'teal',
    borderRadius: '12px / 8px',
    borderStyle: 'solid',
    borderWidth: 2,
  },
  system: {
    label: 'system',
    color: 'grape',
    borderRadius: '2px',
    borderStyle: 'double',
    borderWidth: 4,
  },
  domain: {
    label: 'domain',
    color: 'dark',
    borderRadius: '0',
    borderStyle: 'solid',
    borderWidth: 3,
  },
};

/** Edges between components and the other kinds: what they say and how they are drawn. */
export const RELATION_EDGES: Record<string, { label: string; stroke: string; dash?: string }> = {
  provides: { label: 'provides (component to API)', stroke: '#2b8a3e' },
  consumes: { label: 'consumes (component to API)', stroke: '#7048e8', dash: '6 4' },
  dependsOn: { label: 'depends on (component to resource)', stroke: '#0c8599' },
  partOf: { label: 'part of (system, domain)', stroke: '#adb5bd', dash: '1.5 3.5' },
};

/**
 * Edge look by type: a dependency strong solid, weak dashed, compile-time dotted; a relation
 * to another kind in its own colour (RELATION_EDGES).
 */
export function edgeStyle(type: string): {
  stroke: string;
  strokeDasharray?: string;
  strokeWidth: number;
} {
  const relation = RELATION_EDGES[type];
  if (relation)
    return { stroke: relation.stroke, strokeDasharray: relation.dash, strokeWidth: 1.3 };
  const kind = dependencyKind(type);
  return {
    stroke: kind === 'strong' ? '#495057' : kind === 'weak' ? '#4c6ef5' : '#868e96',
    strokeDasharray: DASH[kind],
    strokeWidth: kind === 'strong' ? 1.6 : 1.3,
  };
}
