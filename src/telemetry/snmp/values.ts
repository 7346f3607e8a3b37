/**
 * Varbind values as net-snmp hands them over, made into what the plugins publish: Counter64
 * arrives as the raw big-endian bytes of the BER integer, octet strings as Buffers.
 */

/** An integer-like SNMP value (Integer, Counter32, Gauge32, TimeTicks, Counter64) as a bigint. */
export function toBigInt(value: unknown): bigint | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return BigInt(Math.trunc(value));
  if (typeof value === 'bigint') return value;
  if (Buffer.isBuffer(value)) return value.length === 0 ? 0n : BigInt(`0x${value.toString('hex')}`);
  return undefined;
}

/** An integer-like SNMP value as a number (Counter64 above 2^53 loses its low bits, as a float). */
export function toNumber(value: unknown): number | undefined {
  const big = toBigInt(value);
  return big === undefined ? undefined : Number(big);
}

/**
 * An octet string as text: UTF-8, trailing NULs cut (some agents pad DisplayStrings), control
 * characters dropped so a dimension value is printable.
 */
export function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!Buffer.isBuffer(value)) return undefined;
  let text = '';
  for (const ch of value.toString('utf8')) {
    const code = ch.charCodeAt(0);
    if (code >= 0x20 && code !== 0x7f) text += ch;
  }
  return text;
}

/** A PhysAddress as Panoptes writes MACs: lower-case hex pairs joined by colons; '' when empty. */
export function toPhysAddress(value: unknown): string {
  if (!Buffer.isBuffer(value)) return '';
  return [...value].map((b) => b.toString(16).padStart(2, '0')).join(':');
}
