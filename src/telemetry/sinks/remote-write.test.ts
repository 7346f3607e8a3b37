import { describe, expect, it } from 'vitest';
import { prometheusName, seriesLabels, seriesName } from './names.js';
import { varint } from './protobuf.js';
import { encodeWriteRequest, toTimeSeries } from './remote-write.js';
import { interfaceGroup } from './test-groups.js';

/** A protobuf reader for the test: fields of a message as [number, value] pairs. */
function readFields(buf: Buffer): [number, Buffer | number][] {
  const out: [number, Buffer | number][] = [];
  let at = 0;
  const readVarint = () => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = buf[at++];
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if (byte < 0x80) return value;
    }
  };
  while (at < buf.length) {
    const key = readVarint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) out.push([field, readVarint()]);
    else if (wire === 1) {
      out.push([field, buf.readDoubleLE(at)]);
      at += 8;
    } else if (wire === 2) {
      const length = readVarint();
      out.push([field, buf.subarray(at, at + length)]);
      at += length;
    } else throw new Error(`wire type ${wire}`);
  }
  return out;
}

function decodeWriteRequest(buf: Buffer) {
  return readFields(buf).map(([, ts]) => {
    const labels: [string, string][] = [];
    const samples: [number, number][] = [];
    for (const [field, value] of readFields(ts as Buffer)) {
      const parts = readFields(value as Buffer);
      if (field === 1) labels.push([String(parts[0][1]), String(parts[1][1])]);
      else samples.push([parts[0][1] as number, parts[1][1] as number]);
    }
    return { labels, samples };
  });
}

describe('varint', () => {
  it('encodes like protobuf, up to 2^53', () => {
    expect([...varint(1)]).toEqual([1]);
    expect([...varint(300)]).toEqual([0xac, 0x02]);
    expect(() => varint(-1)).toThrow(RangeError);
    expect([...varint(2 ** 53 - 1)]).toHaveLength(8);
  });
});

describe('names', () => {
  it('names a series <group>_<metric>, counters ending in _total', () => {
    expect(seriesName('interface', 'oper_state', 'gauge')).toBe('interface_oper_state');
    expect(seriesName('interface', 'octets_in', 'counter')).toBe('interface_octets_in_total');
    expect(seriesName('if', 'octets_total', 'counter')).toBe('if_octets_total');
  });

  it.each([
    ['interface', 'bits_in', 'counter', 'interface_bytes_in_total', 1 / 8],
    ['ping', 'round_trip_ms', 'gauge', 'ping_round_trip_seconds', 1e-3],
    ['http', 'latency_milliseconds', 'gauge', 'http_latency_seconds', 1e-3],
    ['storage', 'size_kilobytes', 'gauge', 'storage_size_bytes', 1e3],
    ['link', 'megabits_per_s', 'gauge', 'link_bytes_per_seconds', 1e6 / 8],
    ['jobs', 'runs_per_minutes', 'gauge', 'jobs_runs_per_seconds', 1 / 60],
    ['memory', 'total', 'gauge', 'memory_total_value', 1],
    ['queue', 'count', 'gauge', 'queue_count_value', 1],
    ['snmp', 'ifHCInOctets', 'counter', 'snmp_if_hc_in_octets_total', 1],
    ['x', 'a__b', 'gauge', 'x_a_bytes', 1],
    ['9lives', 'up', 'gauge', '_9lives_up', 1],
  ] as const)('names %s %s (%s) %s, values x %d', (group, metric, type, name, scale) => {
    expect(prometheusName(group, metric, type)).toEqual({ name, scale });
  });

  it('labels with resource fields and dimensions, renaming a dimension that would shadow one', () => {
    const group = interfaceGroup();
    group.resource.resource_subclass = '';
    const labels = seriesLabels(group.resource, [
      ...group.dimensions,
      { dimension_name: 'resource_site', dimension_value: 'x' },
      { dimension_name: '__name__', dimension_value: 'y' },
    ]);
    expect(labels).toEqual({
      resource_id: 'switch-1.dc1',
      resource_site: 'dc1',
      resource_class: 'network',
      resource_type: 'cisco',
      resource_endpoint: '192.0.2.10',
      interface_name: 'Gi0/1',
      alias: 'uplink, to core=a "b"',
      dimension_resource_site: 'x',
      dimension___name__: 'y',
    });
  });
});

describe('encodeWriteRequest', () => {
  it('writes sorted labels and time-ordered samples that decode back', () => {
    const later = interfaceGroup({ at: 1_764_000_060, bitsIn: 2000 });
    const earlier = interfaceGroup({ at: 1_764_000_000, bitsIn: 1000 });
    const series = toTimeSeries([later, earlier]);
    expect(series).toHaveLength(2);
    const decoded = decodeWriteRequest(encodeWriteRequest(series));
    const bits = decoded.find((s) => s.labels.some(([, v]) => v === 'interface_bytes_in_total'))!;
    const names = bits.labels.map(([n]) => n);
    expect(names).toEqual([...names].sort());
    expect(Object.fromEntries(bits.labels)).toMatchObject({
      __name__: 'interface_bytes_in_total',
      interface_name: 'Gi0/1',
      resource_site: 'dc1',
    });
    // bits_in is named in bytes: the values are divided by 8.
    expect(bits.samples).toEqual([
      [125, 1_764_000_000_000],
      [250, 1_764_000_060_000],
    ]);
  });
});
