import snmp, { type Varbind } from 'net-snmp';
import { beforeAll, describe, expect, it } from 'vitest';
import { PluginFailure, RunStatus } from '../plugin.js';
import { classify } from './classify.js';
import { statusOf } from './errors.js';
import { loadSnmp } from './library.js';
import { openSnmpSession } from './session.js';
import { resolveSnmpSettings } from './settings.js';
import { oidAfter, walkColumns } from './table.js';
import { cidrRange, discoveryTargets, eachBounded } from './targets.js';
import { toBigInt, toPhysAddress, toText } from './values.js';

/** The SNMP plugins' pure parts; the plugins themselves run against real agents in test/services. */

describe('settings', () => {
  it('the plugin section wins over the site defaults, built-in defaults fill the rest', () => {
    const s = resolveSnmpSettings(
      { port: '1161', timeout: '0.5' },
      { version: 2, community: 'env:C', retries: 3 },
    );
    expect(s).toEqual({
      version: '2c',
      port: 1161,
      timeoutMs: 500,
      retries: 3,
      maxRepetitions: 25,
      community: 'env:C',
    });
  });

  it("Panoptes' own snmp keys are accepted and ignored", () => {
    const s = resolveSnmpSettings({
      community: 'env:C',
      non_repeaters: '0',
      connection_factory_module: 'yahoo_panoptes.framework.utilities.snmp.connection',
      connection_factory_class: 'PanoptesSNMPConnectionFactory',
      proxy_port: '10161',
      community_string_key: 'snmp_community_string',
    });
    expect(s).toMatchObject({ version: '2c', port: 161, community: 'env:C' });
  });

  it('v3 levels follow the keys given; priv without auth is refused', () => {
    const auth = resolveSnmpSettings({ version: '3', user: 'u', auth_key: 'env:A' });
    expect(auth.user).toMatchObject({ name: 'u', authProtocol: 'sha', authKey: 'env:A' });
    expect(auth.user?.privKey).toBeUndefined();
    expect(() => resolveSnmpSettings({ version: '3', user: 'u', priv_key: 'env:P' })).toThrow(
      /priv_key needs auth_key/,
    );
  });

  it('errors name the key; a literal community is refused without repeating it', () => {
    const fail = (section: unknown, site?: unknown) => {
      try {
        resolveSnmpSettings(section, site);
      } catch (error) {
        expect(error).toBeInstanceOf(PluginFailure);
        expect((error as PluginFailure).status).toBe(RunStatus.internalFailure);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(fail({ community: 's3cret-community' })).toMatch(/^snmp: snmp\.community: /);
    expect(fail({ community: 's3cret-community' })).not.toContain('s3cret');
    expect(fail({ port: 0, community: 'env:C' })).toContain('snmp.port');
    expect(fail({}, { auth_protocol: 'sha1' })).toContain('site defaults snmp.auth_protocol');
    expect(fail({ comunity: 'env:C' })).toContain('comunity');
    expect(fail({})).toContain('community (a secret reference) is required');
  });
});

describe('status codes', () => {
  // net-snmp is loaded by the first session; its errors exist only after that.
  beforeAll(() => loadSnmp());
  const errno = (code: string) => Object.assign(new Error(code), { code });
  it.each([
    [new snmp.RequestTimedOutError('Request timed out'), RunStatus.timeout],
    [
      Object.assign(new snmp.ResponseInvalidError('Wrong Digests'), {
        code: snmp.ResponseInvalidCode.EAuthFailure,
      }),
      RunStatus.authFailure,
    ],
    [new snmp.RequestFailedError('AuthorizationError'), RunStatus.authFailure],
    [errno('ENETUNREACH'), RunStatus.networkFailure],
    [errno('EHOSTUNREACH'), RunStatus.networkFailure],
    [new Error('anything else'), RunStatus.internalFailure],
  ])('%s -> %i', (error, status) => {
    expect(statusOf(error)).toBe(status);
  });
});

describe('sessions', () => {
  it('a run already aborted sends nothing and fails as a timeout', async () => {
    const controller = new AbortController();
    controller.abort();
    const settings = resolveSnmpSettings({ community: 'env:C', port: 9, timeout: 5 });
    const client = await openSnmpSession(settings, '127.0.0.1', async () => 'x', controller.signal);
    const t0 = Date.now();
    const error = await client.get(['1.3.6.1.2.1.1.5.0']).catch((e: unknown) => e);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(error).toBeInstanceOf(PluginFailure);
    expect((error as PluginFailure).status).toBe(RunStatus.timeout);
  });
});

describe('targets', () => {
  it('a CIDR block gives its host addresses only', () => {
    expect(cidrRange('192.168.1.9/29')).toEqual({
      first: 0xc0a80109,
      last: 0xc0a8010e,
      size: 6,
    });
    expect(discoveryTargets([], ['10.0.0.0/30'], 10)).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(discoveryTargets(['10.0.0.1', 'sw1'], ['10.0.0.0/31', '10.0.0.5/32'], 10)).toEqual([
      '10.0.0.1',
      'sw1',
      '10.0.0.0',
      '10.0.0.5',
    ]);
  });

  it('refuses malformed blocks and ranges over the limit', () => {
    expect(() => cidrRange('10.0.0.0/33')).toThrow(/not an IPv4 CIDR/);
    expect(() => cidrRange('10.0.0/24')).toThrow(/not an IPv4 CIDR/);
    expect(() => discoveryTargets([], ['10.0.0.0/16'], 4096)).toThrow(/65534 addresses/);
  });

  it('eachBounded never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    await eachBounded(
      Array.from({ length: 20 }, (_, i) => i),
      4,
      async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 1));
        running--;
      },
    );
    expect(peak).toBe(4);
  });
});

describe('classification', () => {
  it.each([
    ['1.3.6.1.4.1.8072.3.2.10', 'Linux vm 6.1.0 x86_64', ['system', 'host', 'net-snmp/linux']],
    ['1.3.6.1.4.1.8072.3.2.8', 'FreeBSD fw 14.0', ['system', 'host', 'net-snmp/freebsd']],
    ['1.3.6.1.4.1.9.1.1745', 'Cisco IOS Software', ['network', 'switch', 'cisco']],
    ['1.3.6.1.4.1.2636.1.1.1.2.29', 'Juniper Networks', ['network', 'router', 'juniper']],
    ['1.3.6.1.4.1.90', 'Linux appliance', ['system', 'host', 'linux']],
    ['1.3.6.1.4.1.99999.1', 'Some box', ['network', 'device', 'generic']],
  ])('%s "%s"', (oid, descr, [resource_class, resource_subclass, resource_type]) => {
    expect(classify(oid, descr)).toEqual({ resource_class, resource_subclass, resource_type });
  });

  it('an enterprise prefix matches whole sub-identifiers (9 is not 90)', () => {
    expect(classify('1.3.6.1.4.1.90.1', 'x').resource_type).toBe('generic');
  });
});

describe('values', () => {
  it('Counter64 bytes, octet strings and MACs', () => {
    expect(toBigInt(Buffer.from('00ffffffffffffffff', 'hex'))).toBe(2n ** 64n - 1n);
    expect(toBigInt(42)).toBe(42n);
    expect(toText(Buffer.from('eth0\0\0'))).toBe('eth0');
    expect(toText(Buffer.from('a\tb\x7f'))).toBe('ab');
    expect(toPhysAddress(Buffer.from([0, 0x1b, 0x21, 0xa, 0xb, 0xc]))).toBe('00:1b:21:0a:0b:0c');
    expect(toPhysAddress(Buffer.alloc(0))).toBe('');
  });
});

describe('walkColumns', () => {
  const vb = (oid: string, value: unknown = 1): Varbind => ({ oid, type: 2, value });
  const end = (oid: string): Varbind => ({ oid, type: snmp.ObjectType.EndOfMibView, value: null });

  /** An agent over a sorted list of OIDs, answering `limit` varbinds per request at most. */
  function agent(oids: string[], limit = Number.POSITIVE_INFINITY) {
    const calls: string[][] = [];
    const step = async (asked: string[], repetitions: number) => {
      calls.push(asked);
      let budget = limit;
      return asked.map((start) => {
        const out: Varbind[] = [];
        let from = start;
        for (let r = 0; r < repetitions && budget > 0; r++, budget--) {
          const next = oids.find((o) => oidAfter(from, o));
          if (!next) {
            out.push(end(from));
            break;
          }
          out.push(vb(next, next));
          from = next;
        }
        return out;
      });
    };
    return { step, calls };
  }

  const oids = ['1.1.1', '1.1.2', '1.1.3', '1.2.1', '1.2.2', '1.2.3', '1.3.1'];

  it('walks columns side by side into rows, stopping each at its end', async () => {
    const a = agent(oids);
    const table = await walkColumns(a.step, ['1.1', '1.2'], 2);
    expect([...table.keys()]).toEqual(['1', '2', '3']);
    expect(table.get('2')).toEqual(
      new Map([
        ['1.1', '1.1.2'],
        ['1.2', '1.2.2'],
      ]),
    );
    expect(a.calls).toEqual([
      ['1.1', '1.2'],
      ['1.1.2', '1.2.2'],
    ]);
  });

  it('a column the agent lacks ends at once; truncated answers are asked again', async () => {
    const a = agent(oids, 3);
    const table = await walkColumns(a.step, ['1.0', '1.1', '1.2'], 5);
    expect(table.size).toBe(3);
    expect([...(table.get('3')?.keys() ?? [])]).toEqual(['1.1', '1.2']);
  });

  it('refuses an agent that goes backwards or answers nothing', async () => {
    const answers = [[[vb('1.1.3')]], [[vb('1.1.2')]]];
    await expect(walkColumns(async () => answers.shift() ?? [], ['1.1'], 5)).rejects.toThrow(
      /1\.1\.2 after 1\.1\.3/,
    );
    await expect(walkColumns(async () => [[]], ['1.1'], 5)).rejects.toThrow(/no values/);
  });
});
