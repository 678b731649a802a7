/**
 * Alignment arithmetic as Rust's `Layout` defines it: an alignment is a non-zero power of two, an address
 * is aligned when `addr % align == 0`, and rounding up is `(addr + align - 1) & !(align - 1)`.
 */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

export function isAligned(addr: number, align: number): boolean {
  return (addr & (align - 1)) === 0;
}

export function alignUp(addr: number, align: number): number {
  return (addr + align - 1) & ~(align - 1);
}

/** Hex with at least `digits` digits, as addresses are written on the board axis ("0x0008"). */
export function hex(n: number, digits = 2): string {
  return "0x" + n.toString(16).padStart(digits, "0");
}
