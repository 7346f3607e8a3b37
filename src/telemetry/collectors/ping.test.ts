import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePingOutput } from './ping.js';

/** iputils-ping 20221126 outputs captured on the development machine (fixtures/ping-*.txt). */
const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('ping output', () => {
  it('reads counts, loss and round-trip times of a good run', () => {
    expect(parsePingOutput(fixture('ping-ok.txt'))).toEqual({
      transmitted: 3,
      received: 3,
      lossPercent: 0,
      rtt: { min: 0.053, avg: 0.065, max: 0.09, mdev: 0.017 },
    });
  });

  it('reads total loss, with and without ICMP errors, and no rtt line', () => {
    expect(parsePingOutput(fixture('ping-loss.txt'))).toEqual({
      transmitted: 12,
      received: 0,
      lossPercent: 100,
    });
    expect(parsePingOutput(fixture('ping-unreachable.txt'))).toEqual({
      transmitted: 1,
      received: 0,
      lossPercent: 100,
    });
  });

  it("reads busybox's summary (no mdev)", () => {
    const busybox = [
      '--- 10.0.0.1 ping statistics ---',
      '4 packets transmitted, 3 packets received, 25% packet loss',
      'round-trip min/avg/max = 0.101/0.202/0.303 ms',
    ].join('\n');
    expect(parsePingOutput(busybox)).toEqual({
      transmitted: 4,
      received: 3,
      lossPercent: 25,
      rtt: { min: 0.101, avg: 0.202, max: 0.303 },
    });
  });

  it('refuses output without a summary', () => {
    expect(() => parsePingOutput('ping: socket: Operation not permitted\n')).toThrow(
      /no "packets transmitted" summary/,
    );
  });
});
