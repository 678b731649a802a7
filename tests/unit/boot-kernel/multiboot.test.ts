// The Multiboot v1 header scan as QEMU's -kernel does it, and the explanations stage 1 shows a player.
import { describe, expect, it } from "vitest";
import {
  MULTIBOOT_HEADER_MAGIC, MULTIBOOT_SCAN_LIMIT, diagnoseMultibootHeader, findMultibootHeader, multibootChecksum,
} from "../../../shared/levels/boot-kernel/multiboot.ts";

function fileWith(size: number, headers: { at: number; flags: number; checksum?: number }[]): Uint8Array {
  const b = new Uint8Array(size);
  const dv = new DataView(b.buffer);
  for (const h of headers) {
    dv.setUint32(h.at, MULTIBOOT_HEADER_MAGIC, true);
    dv.setUint32(h.at + 4, h.flags, true);
    dv.setUint32(h.at + 8, h.checksum ?? multibootChecksum(h.flags), true);
  }
  return b;
}

describe("findMultibootHeader scans like QEMU", () => {
  it("finds a valid header at a 4-aligned offset and reports flags and checksum", () => {
    expect(findMultibootHeader(fileWith(8192, [{ at: 0x1000, flags: 3 }]))).toEqual({ offset: 0x1000, flags: 3, checksum: 0xe4524ffb });
  });
  it("magic + flags + checksum must be 0 mod 2^32", () => {
    expect((MULTIBOOT_HEADER_MAGIC + 3 + multibootChecksum(3)) % 2 ** 32).toBe(0);
    expect(findMultibootHeader(fileWith(8192, [{ at: 64, flags: 3, checksum: 0 }]))).toBeUndefined();
  });
  it("skips a bad checksum and keeps looking", () => {
    expect(findMultibootHeader(fileWith(8192, [{ at: 64, flags: 3, checksum: 1 }, { at: 128, flags: 0 }]))?.offset).toBe(128);
  });
  it("ignores a header that is not 4-byte aligned", () => {
    expect(findMultibootHeader(fileWith(8192, [{ at: 66, flags: 0 }]))).toBeUndefined();
  });
  it("stops 48 bytes before 8 KiB: 8140 is found, 8144 is not (checked against qemu in the integration test)", () => {
    expect(MULTIBOOT_SCAN_LIMIT).toBe(8144);
    expect(findMultibootHeader(fileWith(9000, [{ at: 8140, flags: 0 }]))?.offset).toBe(8140);
    expect(findMultibootHeader(fileWith(9000, [{ at: 8144, flags: 0 }]))).toBeUndefined();
    expect(findMultibootHeader(fileWith(20000, [{ at: 12288, flags: 0 }]))).toBeUndefined();
  });
  it("a short file never reads past its end", () => {
    expect(findMultibootHeader(new Uint8Array(0))).toBeUndefined();
    expect(findMultibootHeader(fileWith(12, [{ at: 0, flags: 0 }]))?.offset).toBe(0);
    expect(findMultibootHeader(fileWith(12, [{ at: 0, flags: 0 }]).subarray(0, 11))).toBeUndefined();
  });
});

describe("diagnoseMultibootHeader explains a missing header", () => {
  it("ok", () => {
    const d = diagnoseMultibootHeader(fileWith(8192, [{ at: 4096, flags: 3 }]));
    expect(d.kind).toBe("ok");
    expect(d.message).toContain("offset 4096");
  });
  it("no magic at all", () => {
    expect(diagnoseMultibootHeader(new Uint8Array(9000)).kind).toBe("no-magic");
  });
  it("magic beyond 8 KiB, with its offset", () => {
    const d = diagnoseMultibootHeader(fileWith(20000, [{ at: 12288, flags: 3 }]));
    expect(d).toMatchObject({ kind: "beyond-search", offset: 12288 });
    expect(d.message).toContain("beyond the first 8 KiB");
  });
  it("magic in the last 48 bytes of the window", () => {
    const d = diagnoseMultibootHeader(fileWith(9000, [{ at: 8160, flags: 0 }]));
    expect(d).toMatchObject({ kind: "beyond-search", offset: 8160 });
    expect(d.message).toContain("48-byte");
  });
  it("checksum wrong by X, and the right value", () => {
    const d = diagnoseMultibootHeader(fileWith(8192, [{ at: 4096, flags: 3, checksum: multibootChecksum(3) + 5 }]));
    expect(d).toMatchObject({ kind: "bad-checksum", offset: 4096, off: 5, expected: multibootChecksum(3) });
    expect(d.message).toContain("wrong by 0x5");
    expect(d.message).toContain("0xe4524ffb");
  });
  it("not 4-aligned", () => {
    expect(diagnoseMultibootHeader(fileWith(8192, [{ at: 4098, flags: 0 }]))).toMatchObject({ kind: "misaligned", offset: 4098 });
  });
});
