import { isIPv4 } from 'node:net';

/**
 * The addresses SNMP discovery may contact: configured hosts, and the host addresses of
 * configured IPv4 subnets (CIDR). Nothing outside these is ever sent a packet; a subnet's network
 * and broadcast addresses are left out (except in /31 and /32, which have none).
 */

export class TargetError extends Error {}

function ipv4ToInt(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function intToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** The host addresses of an IPv4 CIDR block, in order. */
export function* cidrAddresses(cidr: string): Generator<string> {
  const { first, last } = cidrRange(cidr);
  for (let n = first; n <= last; n++) yield intToIpv4(n);
}

export function cidrRange(cidr: string): { first: number; last: number; size: number } {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(cidr.trim());
  if (!match || !isIPv4(match[1] ?? '') || Number(match[2]) > 32)
    throw new TargetError(`"${cidr}" is not an IPv4 CIDR block (a.b.c.d/n)`);
  const bits = Number(match[2]);
  const block = 2 ** (32 - bits);
  const network = Math.floor(ipv4ToInt(match[1] ?? '') / block) * block;
  const edges = bits >= 31 ? 0 : 1;
  return { first: network + edges, last: network + block - 1 - edges, size: block - 2 * edges };
}

/** Hosts then subnet addresses, each once; refuses more than `limit` addresses in all. */
export function discoveryTargets(
  hosts: readonly string[],
  subnets: readonly string[],
  limit: number,
): string[] {
  let total = hosts.length;
  for (const s of subnets) total += cidrRange(s).size;
  if (total > limit)
    throw new TargetError(`${total} addresses to probe, more than max_addresses (${limit})`);
  const seen = new Set<string>();
  for (const h of hosts) seen.add(h.trim());
  for (const s of subnets) for (const a of cidrAddresses(s)) seen.add(a);
  return [...seen];
}

/** Runs `work` over `items` with at most `limit` at once; stops starting new ones once aborted. */
export async function eachBounded<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
