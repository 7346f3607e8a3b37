import { describe, expect, it } from 'vitest';
import { CollectedSeries, escapeHelp, escapeLabelValue } from './exposition.js';
import { interfaceGroup } from './test-groups.js';

describe('CollectedSeries', () => {
  it('renders the latest value of each series with HELP and TYPE, counters as _total', async () => {
    const collected = new CollectedSeries({ maxSeries: 100 });
    await collected.consume([interfaceGroup({ bitsIn: 8 }), interfaceGroup({ bitsIn: 56 })]);
    expect(collected.render()).toBe(
      [
        '# HELP interface_bytes_in_total bits_in of the interface metric group (counter), times 0.125 for the base unit',
        '# TYPE interface_bytes_in_total counter',
        'interface_bytes_in_total{alias="uplink, to core=a \\"b\\"",interface_name="Gi0/1",resource_class="network",resource_endpoint="192.0.2.10",resource_id="switch-1.dc1",resource_site="dc1",resource_subclass="switch",resource_type="cisco"} 7',
        '# HELP interface_oper_state oper_state of the interface metric group (gauge)',
        '# TYPE interface_oper_state gauge',
        'interface_oper_state{alias="uplink, to core=a \\"b\\"",interface_name="Gi0/1",resource_class="network",resource_endpoint="192.0.2.10",resource_id="switch-1.dc1",resource_site="dc1",resource_subclass="switch",resource_type="cisco"} 1',
        '',
      ].join('\n'),
    );
  });

  it('escapes label values and help text as the text format wants', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(escapeHelp('a\\b"c\nd')).toBe('a\\\\b"c\\nd');
  });

  it('keeps at most maxSeries series, counting the new ones it refuses, still updating the kept', async () => {
    const collected = new CollectedSeries({ maxSeries: 2 });
    await collected.consume([interfaceGroup({ interfaceName: 'a', bitsIn: 1 })]);
    await collected.consume([interfaceGroup({ interfaceName: 'b' })]);
    await collected.consume([interfaceGroup({ interfaceName: 'a', bitsIn: 40 })]);
    expect(collected.size).toBe(2);
    expect(collected.health()).toMatchObject({ dropped: 2, delivered: 3 });
    expect(collected.render()).not.toContain('interface_name="b"');
    expect(collected.render()).toMatch(
      /interface_bytes_in_total\{[^}]*interface_name="a"[^}]*\} 5/,
    );
  });

  it('forgets a series not updated for three polling intervals', async () => {
    let now = 1_000_000;
    const collected = new CollectedSeries({ maxSeries: 10, now: () => now });
    await collected.consume([interfaceGroup({ interfaceName: 'gone' })]);
    now += 180_000; // 3 x 60 s: still there
    expect(collected.render()).toContain('gone');
    now += 1;
    expect(collected.render()).toBe('');
    expect(collected.size).toBe(0);
  });
});
