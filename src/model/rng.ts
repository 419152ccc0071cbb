/**
 * Seeded pseudo-random numbers (mulberry32, Tommy Ettinger's 32-bit generator): fast, tiny state,
 * and reproducible for a given seed on every platform.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    this.state = seed >>> 0;
  }

  /** The generator's whole state, to save it exactly (checkpoints). */
  getState(): number {
    return this.state;
  }

  /** Puts the generator back in a state `getState()` returned: the same numbers follow. */
  setState(state: number): void {
    if (!Number.isInteger(state) || state < 0 || state > 0xffffffff) throw new RangeError(`a generator state is a 32-bit unsigned integer, got ${state}`);
    this.state = state;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Exponentially distributed interval with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** True with probability 1 − e^(−hazard): an event of a Poisson process of that expected count. */
  chance(expectedCount: number): boolean {
    return expectedCount > 0 && this.next() < 1 - Math.exp(-expectedCount);
  }
}
