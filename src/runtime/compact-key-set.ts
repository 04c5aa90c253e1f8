/**
 * A set of strings that keeps 96 bits of hash per member instead of the string: three
 * independent 32-bit hashes in open-addressed typed arrays. The SDK keeps every relationship
 * key (often over 100 characters) in a Map with a metadata object until the run ends, about
 * 220 bytes per relationship; this keeps 24 to 48 (12 a slot, at most half the slots in use;
 * 32 measured at 1.5 million). With 96 bits, the chance that two of two
 * million different keys collide in one run is about 10^-17.
 */

/**
 * Three MurmurHash3-style 32-bit hashes of the string's UTF-16 code units in one pass, each
 * with its own seed (independent enough for a set; not for anything adversarial).
 */
function hashes(s: string): [number, number, number] {
  let h0 = SEEDS[0];
  let h1 = SEEDS[1];
  let h2 = SEEDS[2];
  for (let i = 0; i < s.length; i++) {
    let k = Math.imul(s.charCodeAt(i), 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h0 = Math.imul(((h0 ^ k) << 13) | ((h0 ^ k) >>> 19), 5) + 0xe6546b64;
    h1 = Math.imul(((h1 ^ k) << 11) | ((h1 ^ k) >>> 21), 5) + 0x1b873593;
    h2 = Math.imul(((h2 ^ k) << 17) | ((h2 ^ k) >>> 15), 5) + 0x85ebca6b;
  }
  return [fmix(h0 ^ s.length), fmix(h1 ^ s.length), fmix(h2 ^ s.length)];
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const SEEDS = [0x9747b28c, 0x2f1d3a5b, 0x6a09e667] as const;
/** Slot value meaning "empty": a real third hash of 0 is stored as 1 (one bit less, still 95). */
const EMPTY = 0;

export class CompactKeySet {
  private a: Uint32Array;
  private b: Uint32Array;
  private c: Uint32Array;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let capacity = 16;
    while (capacity < initialCapacity * 2) capacity *= 2;
    this.a = new Uint32Array(capacity);
    this.b = new Uint32Array(capacity);
    this.c = new Uint32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the tables (what the set costs, whatever it holds). */
  get bytes(): number {
    return this.a.byteLength * 3;
  }

  private static hashes(key: string): [number, number, number] {
    const [a, b, c] = hashes(key);
    return [a, b, c === EMPTY ? 1 : c];
  }

  /** The slot holding these hashes, or the empty slot where they would go. */
  private slot(ha: number, hb: number, hc: number): number {
    const mask = this.a.length - 1;
    let i = ha & mask;
    while (this.c[i] !== EMPTY) {
      if (this.a[i] === ha && this.b[i] === hb && this.c[i] === hc) return i;
      i = (i + 1) & mask;
    }
    return i;
  }

  has(key: string): boolean {
    const [ha, hb, hc] = CompactKeySet.hashes(key);
    return this.c[this.slot(ha, hb, hc)] !== EMPTY;
  }

  /** Adds the key; false if it was already there. */
  add(key: string): boolean {
    const [ha, hb, hc] = CompactKeySet.hashes(key);
    const i = this.slot(ha, hb, hc);
    if (this.c[i] !== EMPTY) return false;
    this.a[i] = ha;
    this.b[i] = hb;
    this.c[i] = hc;
    this.count++;
    if (this.count * 2 > this.a.length) this.grow();
    return true;
  }

  private grow(): void {
    const [a, b, c] = [this.a, this.b, this.c];
    const capacity = a.length * 2;
    this.a = new Uint32Array(capacity);
    this.b = new Uint32Array(capacity);
    this.c = new Uint32Array(capacity);
    for (let i = 0; i < a.length; i++) {
      if (c[i] === EMPTY) continue;
      const j = this.slot(a[i], b[i], c[i]);
      this.a[j] = a[i];
      this.b[j] = b[i];
      this.c[j] = c[i];
    }
  }
}
