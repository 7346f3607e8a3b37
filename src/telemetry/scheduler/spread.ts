import { createHash } from 'node:crypto';

/**
 * Where in its interval a (plugin, subject) pair first runs: a hash of the pair, so a thousand
 * resources of one plugin start spread evenly over the frequency instead of all at once (no
 * thundering herd), and every process computes the same place for the same pair.
 */
export function spreadOffsetMs(plugin: string, subject: string, frequencySeconds: number): number {
  const digest = createHash('sha256').update(`${plugin}\0${subject}`).digest();
  // 48 bits are exact in a double and far finer than a millisecond over a week.
  const fraction = digest.readUIntBE(0, 6) / 2 ** 48;
  return Math.floor(fraction * frequencySeconds * 1000);
}
