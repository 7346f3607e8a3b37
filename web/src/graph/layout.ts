import type { Edge, Node } from '@xyflow/react';
import ElkApi from 'elkjs/lib/elk-api.js';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { Graph } from '../api/types.js';
import { edgeStyle } from './graph-style.js';

export interface ComponentNodeData extends Record<string, unknown> {
  /** `component`, or one of the catalog's other kinds (system, domain, api, resource). */
  kind: string;
  ref: string;
  name: string;
  title: string;
  type: string | null;
  lifecycle: string;
  owner: string | null;
  isRoot: boolean;
}

export type ComponentNode = Node<ComponentNodeData, 'component'>;

const NODE_HEIGHT = 40;
const nodeWidth = (name: string) => Math.min(260, Math.max(120, name.length * 8 + 44));

// The layout runs in elk's own web worker, so a 500-node graph never blocks the page.
// elk-api is CommonJS: its module.exports is the constructor, which also carries itself as `default`.
const ELK = ElkApi.default;
let elk: InstanceType<typeof ELK> | undefined;
function engine() {
  elk ??= new ELK({ workerUrl: elkWorkerUrl });
  return elk;
}

const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.spacing.nodeNode': '18',
  'elk.layered.spacing.nodeNodeBetweenLayers': '70',
  'elk.spacing.componentComponent': '40',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.edgeRouting': 'POLYLINE',
  'elk.separateConnectedComponents': 'true',
};

/** Positions the graph left to right (dependencies to the right of what depends on them). */
export async function layoutGraph(
  graph: Graph,
  root: string | undefined,
  showLabels: boolean,
): Promise<{ nodes: ComponentNode[]; edges: Edge[] }> {
  const result = await engine().layout({
    id: 'root',
    layoutOptions: LAYOUT_OPTIONS,
    children: graph.nodes.map((n) => ({
      id: n.ref,
      width: nodeWidth(n.name),
      height: NODE_HEIGHT,
    })),
    edges: graph.edges.map((e, i) => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
  });
  const position = new Map(
    (result.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 140 }]),
  );
  // The centre is a component (`namespace/name`) or another kind's ref (`api:namespace/name`).
  const rootRef = root
    ? (root.includes(':') ? root : `component:${root}`).toLowerCase()
    : undefined;
  const nodes: ComponentNode[] = graph.nodes.map((n) => {
    const p = position.get(n.ref) ?? { x: 0, y: 0, width: 140 };
    return {
      id: n.ref,
      type: 'component',
      position: { x: p.x, y: p.y },
      width: p.width,
      height: NODE_HEIGHT,
      data: { ...n, isRoot: n.ref.toLowerCase() === rootRef },
    };
  });
  const edges: Edge[] = graph.edges.map((e, i) => ({
    id: `e${i}`,
    source: e.from,
    target: e.to,
    label: showLabels ? e.type : undefined,
    labelStyle: { fontSize: 10 },
    style: edgeStyle(e.type),
    markerEnd: {
      type: 'arrowclosed' as const,
      width: 14,
      height: 14,
      color: edgeStyle(e.type).stroke,
    },
    data: { type: e.type },
  }));
  return { nodes, edges };
}
