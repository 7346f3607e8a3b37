/**
 * Answers to repeated reads, valid for one data generation (see generation.ts). When the
 * generation moves, everything cached is dropped at once; within one, the least recently used
 * entry goes first when the cache is full.
 */
export class GenerationCache<V> {
  private generation = -1;
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity = 256) {}

  get(generation: number, key: string): V | undefined {
    if (generation !== this.generation) return undefined;
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Re-insert to mark as most recently used.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(generation: number, key: string, value: V): void {
    if (generation < this.generation) return; // an answer computed before a newer write
    if (generation > this.generation) {
      this.entries.clear();
      this.generation = generation;
    }
    this.entries.set(key, value);
    if (this.entries.size > this.capacity)
      this.entries.delete(this.entries.keys().next().value as string);
  }
}
