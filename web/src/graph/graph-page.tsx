import '@xyflow/react/dist/style.css';
import {
  Alert,
  Box,
  Button,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import {
  Background,
  Controls,
  type Edge,
  MiniMap,
  type NodeMouseHandler,
  Panel,
  ReactFlow,
} from '@xyflow/react';
import { useEffect, useMemo, useState } from 'react';
import { componentPath } from '../api/components.js';
import { useGraph } from '../api/dependencies.js';
import { ComponentPicker } from '../catalog/component-picker.js';
import { plural } from '../components/format.js';
import { ErrorAlert } from '../components/query-state.js';
import { useSearchState } from '../components/use-search-params.js';
import { entityPath, KIND_ORDER, KINDS } from '../entities/kinds.js';
import { ComponentNode } from './component-node.js';
import { GraphLegend } from './graph-legend.js';
import type { GraphSearch } from './graph-search.js';
import { lifecycleColor } from './graph-style.js';
import { type ComponentNode as ComponentNodeType, layoutGraph } from './layout.js';

const nodeTypes = { component: ComponentNode };
const LARGE = 150;
/** Width of the legend and the minimap, one band on the right of the canvas. */
const OVERLAY_WIDTH = 190;

/**
 * What the first view shows. A small graph fits whole; a large one would be too small to read,
 * so it opens on the root and its neighbours, or on the top band of every layer, and the
 * minimap shows the rest.
 */
function initialView(nodes: ComponentNodeType[]) {
  if (nodes.length <= LARGE) return { padding: CLEAR_OF_OVERLAYS, maxZoom: 1.2 };
  const root = nodes.find((n) => n.data.isRoot);
  const focus = root
    ? nodes.filter(
        (n) =>
          Math.abs(n.position.x - root.position.x) < 400 &&
          Math.abs(n.position.y - root.position.y) < 300,
      )
    : [...nodes].sort((a, b) => a.position.y - b.position.y).slice(0, 40);
  return {
    padding: CLEAR_OF_OVERLAYS,
    maxZoom: 1.2,
    minZoom: 0.45,
    nodes: focus.map((n) => ({ id: n.id })),
  };
}
/**
 * The first view keeps nodes out from under the overlays: the legend (top right) and the
 * minimap (bottom right) share a right-hand band, the zoom controls sit bottom left.
 */
const CLEAR_OF_OVERLAYS = {
  top: '24px',
  right: `${OVERLAY_WIDTH + 24}px`,
  bottom: '24px',
  left: '56px',
} as const;
const DEPTHS = ['1', '2', '3', '4', '5'];

/**
 * What is drawn: "5 components, 4 dependencies", or with the other kinds counted by kind and
 * their edges called links: "1 component, 1 API, 1 system, 1 domain, 3 links".
 */
function graphStats(graph: { nodes: { kind: string }[]; edges: unknown[] }): string {
  const count = (kind: string) => graph.nodes.filter((n) => n.kind === kind).length;
  const others = KIND_ORDER.map((kind) => [KINDS[kind], count(kind)] as const)
    .filter(([, n]) => n > 0)
    .map(([view, n]) => plural(n, view.one, view.many));
  return [
    plural(count('component'), 'component'),
    ...others,
    others.length > 0
      ? plural(graph.edges.length, 'link')
      : plural(graph.edges.length, 'dependency', 'dependencies'),
  ].join(', ');
}
const DIRECTIONS = [
  { value: 'upstream', label: 'depends on' },
  { value: 'both', label: 'both' },
  { value: 'downstream', label: 'dependents' },
];

/**
 * The dependency graph around one component (to a depth, upstream, downstream or both) or of
 * the whole catalog, laid out left to right by elk in a worker. Clicking a node re-roots the
 * graph or opens the component.
 */
export function GraphPage() {
  const [search, setSearch] = useSearchState<GraphSearch>();
  const depth = search.depth ?? 2;
  const direction = search.direction ?? 'both';
  const graph = useGraph(search.root, depth, direction);
  const navigate = useNavigate();
  const [showLabels, setShowLabels] = useState(false);
  const [clickMode, setClickMode] = useState<'reroot' | 'open'>('reroot');
  const [layout, setLayout] = useState<{
    nodes: ComponentNodeType[];
    edges: Edge[];
    key: number;
  } | null>(null);
  const [laying, setLaying] = useState(false);
  const [layoutError, setLayoutError] = useState<unknown>(null);

  useEffect(() => {
    const data = graph.data;
    if (!data) return;
    let current = true;
    setLaying(true);
    setLayoutError(null);
    layoutGraph(data, search.root, showLabels)
      .then((result) => {
        if (current) setLayout({ ...result, key: Date.now() });
      })
      .catch((e: unknown) => current && setLayoutError(e))
      .finally(() => current && setLaying(false));
    return () => {
      current = false;
    };
  }, [graph.data, search.root, showLabels]);

  const onNodeClick: NodeMouseHandler<ComponentNodeType> = (_event, node) => {
    // A system, domain, API or resource is no centre of a dependency walk: it opens its page.
    const other = entityPath(node.data.ref);
    if (other) return void navigate({ to: other });
    const ref = node.data.ref.replace(/^component:/, '');
    if (clickMode === 'open') void navigate({ to: componentPath(ref) });
    else setSearch({ root: ref, depth, direction }, { push: true });
  };
  const onNodeDoubleClick: NodeMouseHandler<ComponentNodeType> = (_event, node) =>
    void navigate({ to: entityPath(node.data.ref) ?? componentPath(node.data.ref) });

  const stats = useMemo(() => (graph.data ? graphStats(graph.data) : ''), [graph.data]);

  return (
    <Stack gap="xs" h="calc(100vh - 48px - 2 * var(--mantine-spacing-md))">
      <Group justify="space-between" wrap="nowrap">
        <Group gap="sm" align="baseline">
          <Title order={3}>Dependency graph</Title>
          <Text size="sm" c="dimmed" data-testid="graph-stats">
            {stats}
          </Text>
          {(graph.isFetching || laying) && <Loader size={14} />}
        </Group>
      </Group>
      <Group gap="sm" wrap="wrap">
        <ComponentPicker
          size="xs"
          w={260}
          placeholder="Centre on a component..."
          aria-label="Root component"
          value={search.root ?? null}
          onChange={(v) => setSearch({ root: v ?? undefined }, { push: true })}
        />
        <Group gap={4}>
          <Text size="xs" c="dimmed">
            Depth
          </Text>
          <SegmentedControl
            size="xs"
            data={DEPTHS}
            value={String(depth)}
            onChange={(v) => setSearch({ depth: Number(v) })}
            disabled={!search.root}
            aria-label="Depth"
          />
        </Group>
        <Group gap={4}>
          <Text size="xs" c="dimmed">
            Show
          </Text>
          <SegmentedControl
            size="xs"
            data={DIRECTIONS}
            value={direction}
            onChange={(v) =>
              setSearch({ direction: v === 'both' ? undefined : (v as GraphSearch['direction']) })
            }
            disabled={!search.root}
            aria-label="Direction"
          />
        </Group>
        {search.root && (
          <Button
            size="xs"
            variant="default"
            onClick={() =>
              setSearch({ root: undefined, depth: undefined, direction: undefined }, { push: true })
            }
          >
            Whole catalog
          </Button>
        )}
        <Group gap={4}>
          <Text size="xs" c="dimmed">
            Click a node to
          </Text>
          <SegmentedControl
            size="xs"
            data={[
              { value: 'reroot', label: 're-root' },
              { value: 'open', label: 'open page' },
            ]}
            value={clickMode}
            onChange={(v) => setClickMode(v as 'reroot' | 'open')}
          />
        </Group>
        <Switch
          size="xs"
          label="Edge labels"
          checked={showLabels}
          onChange={(e) => setShowLabels(e.currentTarget.checked)}
        />
      </Group>
      {graph.error && <ErrorAlert error={graph.error} />}
      {layoutError ? <ErrorAlert error={layoutError} title="Layout failed" /> : null}
      {graph.data?.truncated && (
        <Alert color="yellow" p={6}>
          The graph is cut at 2000 components; centre it on a component to see a part of it whole.
        </Alert>
      )}
      <Paper
        withBorder
        style={{ flex: 1, minHeight: 400, position: 'relative' }}
        data-testid="graph-canvas"
      >
        {graph.data && graph.data.nodes.length === 0 ? (
          <Box p="lg">
            <Text size="sm" c="dimmed">
              No dependencies recorded yet{search.root ? ` around ${search.root}` : ''}.
            </Text>
          </Box>
        ) : layout ? (
          <ReactFlow
            key={layout.key}
            nodes={layout.nodes}
            edges={layout.edges}
            nodeTypes={nodeTypes}
            onNodeClick={onNodeClick}
            onNodeDoubleClick={onNodeDoubleClick}
            nodesConnectable={false}
            onlyRenderVisibleElements={layout.nodes.length > 200}
            fitView
            fitViewOptions={initialView(layout.nodes)}
            minZoom={0.05}
            proOptions={{ hideAttribution: true }}
          >
            <Background gap={24} size={1} />
            <Controls showInteractive={false} />
            <MiniMap
              pannable
              zoomable
              style={{ width: OVERLAY_WIDTH, height: 130 }}
              nodeColor={(n) =>
                lifecycleColor(String((n.data as { lifecycle?: string }).lifecycle ?? 'unknown'), 4)
              }
            />
            <Panel position="top-right" style={{ width: OVERLAY_WIDTH }}>
              <GraphLegend />
            </Panel>
          </ReactFlow>
        ) : (
          <Box p="lg">
            <Loader size="sm" />
          </Box>
        )}
      </Paper>
    </Stack>
  );
}
