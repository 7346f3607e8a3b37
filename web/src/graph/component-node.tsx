import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { KIND_STYLES, lifecycleColor } from './graph-style.js';
import type { ComponentNode as ComponentNodeType } from './layout.js';

const HIDDEN = { opacity: 0, width: 1, height: 1, minWidth: 0, minHeight: 0, border: 0 };

/** How a node of another kind than a component is framed (KIND_STYLES), or undefined. */
function kindFrame(kind: string) {
  const style = KIND_STYLES[kind];
  if (!style) return undefined;
  return {
    borderRadius: style.borderRadius,
    background: `var(--mantine-color-${style.color}-0)`,
    border: `${style.borderWidth}px ${style.borderStyle} var(--mantine-color-${style.color}-6)`,
  };
}

/**
 * A component box: coloured by lifecycle, the root drawn heavier. A system, domain, API or
 * resource is framed by its kind instead, its kind named before its type.
 */
export const ComponentNode = memo(function ComponentNode({ data }: NodeProps<ComponentNodeType>) {
  const frame = kindFrame(data.kind);
  return (
    <div
      title={`${data.ref}\n${data.title}\nlifecycle: ${data.lifecycle}${data.owner ? `\nowner: ${data.owner}` : ''}`}
      data-testid="graph-node"
      data-ref={data.ref}
      data-kind={data.kind}
      style={{
        width: '100%',
        height: '100%',
        boxSizing: 'border-box',
        padding: '3px 8px',
        borderRadius: 4,
        background: lifecycleColor(data.lifecycle, 0),
        border: `${data.isRoot ? 3 : 1}px solid ${lifecycleColor(data.lifecycle, data.isRoot ? 8 : 5)}`,
        borderLeftWidth: 6,
        ...frame,
        fontSize: 12,
        lineHeight: 1.2,
        overflow: 'hidden',
        cursor: 'pointer',
      }}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} style={HIDDEN} />
      <div
        style={{
          fontWeight: 600,
          whiteSpace: 'nowrap',
          overflow: 'hidden',
          textOverflow: 'ellipsis',
        }}
      >
        {data.name}
      </div>
      <div
        style={{
          fontSize: 10,
          color: 'var(--mantine-color-dimmed)',
          whiteSpace: 'nowrap',
          overflow: 'hidden',
          textOverflow: 'ellipsis',
        }}
      >
        {[KIND_STYLES[data.kind]?.label, data.type, data.owner].filter(Boolean).join(' · ') ||
          data.lifecycle}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} style={HIDDEN} />
    </div>
  );
});
