import { describe, expect, it } from 'vitest';
import {
  escapeKey,
  escapeMeasurement,
  influxTimestamp,
  influxWriteUrl,
  toLineProtocol,
} from './influx.js';
import { interfaceGroup } from './test-groups.js';

describe('line protocol escaping', () => {
  it('escapes commas and spaces in measurements, but not equals signs', () => {
    expect(escapeMeasurement('cpu load,avg=1')).toBe('cpu\\ load\\,avg=1');
  });

  it('escapes commas, equals signs and spaces in keys and tag values', () => {
    expect(escapeKey('a,b=c d')).toBe('a\\,b\\=c\\ d');
  });

  it('turns line breaks into spaces (a tag value cannot hold one)', () => {
    expect(escapeKey('two\nlines\r\nhere')).toBe('two\\ lines\\ here');
  });
});

describe('toLineProtocol', () => {
  it('maps a group as Panoptes does: measurement, sorted tags, <name>__<type> fields, seconds', () => {
    expect(toLineProtocol(interfaceGroup(), 's')).toBe(
      'interface,alias=uplink\\,\\ to\\ core\\=a\\ "b",interface_name=Gi0/1,' +
        'resource_class=network,resource_endpoint=192.0.2.10,resource_site=dc1,' +
        'resource_subclass=switch,resource_type=cisco bits_in__counter=1234.5,oper_state__gauge=1 1764000000',
    );
  });

  it('leaves out empty tags and lets resource fields win over a dimension of the same name', () => {
    const group = interfaceGroup();
    group.resource.resource_subclass = '';
    group.dimensions = [{ dimension_name: 'resource_site', dimension_value: 'spoofed' }];
    const line = toLineProtocol(group, 's');
    expect(line).not.toContain('resource_subclass');
    expect(line).toContain('resource_site=dc1');
    expect(line).not.toContain('spoofed');
  });

  it('writes nanoseconds exactly to the microsecond', () => {
    expect(influxTimestamp(1_764_000_000.123456, 'ns')).toBe('1764000000123456000');
    expect(influxTimestamp(1_764_000_000.6, 's')).toBe('1764000001');
  });
});

describe('influxWriteUrl', () => {
  const base = {
    url: 'http://influx:8086/',
    database: 'argus',
    bucket: '',
    org: '',
    precision: 's' as const,
  };
  it('uses the 1.x /write with the database, or the 2.x API when a bucket is set', () => {
    expect(influxWriteUrl(base)).toBe('http://influx:8086/write?db=argus&precision=s');
    expect(influxWriteUrl({ ...base, bucket: 'metrics', org: 'ops' })).toBe(
      'http://influx:8086/api/v2/write?bucket=metrics&org=ops&precision=s',
    );
  });
});
