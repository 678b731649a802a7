/**
 * What `cpuid` answers: the values of QEMU 7.2's default CPU for qemu-system-i386 (qemu32, TCG, one CPU), measured
 * with a kernel that printed every leaf over serial (leaves 0-0x14, 0x3fffffff-0x4fffffff, 0x7fffffff-0x8000001f,
 * 0xc0000000-0xc0000001, 0xffffffff, several subleaves each). Plain facts, so they are a table:
 *  - basic leaves 0-4 (max basic leaf 4, vendor "GenuineIntel"); leaf 4 (cache parameters) depends on ECX, subleaves
 *    past 3 read all zero;
 *  - extended leaves 0x80000000-0x80000004 (max extended leaf 0x80000004, brand "QEMU Virtual CPU version 2.5+");
 *  - the hypervisor leaves 0x40000000 ("TCGTCGTCGTCG", max 0x40000001) and 0x40000001 (zero);
 *  - every other leaf answers as leaf 4 with the same ECX (Intel's rule: an unknown leaf returns the highest basic
 *    leaf, and QEMU keeps the subleaf).
 * ECX is ignored by every leaf except 4.
 */

type Answer = readonly [eax: number, ebx: number, ecx: number, edx: number];

const LEAVES: ReadonlyMap<number, Answer> = new Map<number, Answer>([
  [0x00000000, [0x00000004, 0x756e6547, 0x6c65746e, 0x49656e69]],
  [0x00000001, [0x00000663, 0x00000800, 0x80000001, 0x0781abfd]],
  [0x00000002, [0x00000001, 0x00000000, 0x0000004d, 0x002c307d]],
  [0x00000003, [0, 0, 0, 0]],
  [0x40000000, [0x40000001, 0x54474354, 0x43544743, 0x47435447]],
  [0x40000001, [0, 0, 0, 0]],
  [0x80000000, [0x80000004, 0x756e6547, 0x6c65746e, 0x49656e69]],
  [0x80000001, [0x00000663, 0, 0, 0]],
  [0x80000002, [0x554d4551, 0x72695620, 0x6c617574, 0x55504320]],
  [0x80000003, [0x72657620, 0x6e6f6973, 0x352e3220, 0x0000002b]],
  [0x80000004, [0, 0, 0, 0]],
]);

/** Leaf 4, deterministic cache parameters by subleaf (L1d, L1i, L2, L3). */
const CACHE_SUBLEAVES: readonly Answer[] = [
  [0x00000121, 0x01c0003f, 0x0000003f, 0x00000001],
  [0x00000122, 0x01c0003f, 0x0000003f, 0x00000001],
  [0x00000143, 0x03c0003f, 0x00000fff, 0x00000001],
  [0x00000163, 0x03c0003f, 0x00003fff, 0x00000006],
];

const NO_CACHE: Answer = [0, 0, 0, 0];

/** EAX, EBX, ECX, EDX after `cpuid` with these EAX (leaf) and ECX (subleaf) values, as unsigned numbers. */
export function cpuidAnswer(leaf: number, subleaf: number): Answer {
  const known = LEAVES.get(leaf >>> 0);
  if (known) return known;
  return CACHE_SUBLEAVES[subleaf >>> 0] ?? NO_CACHE;
}
