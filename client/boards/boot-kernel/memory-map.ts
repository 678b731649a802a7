/**
 * The physical memory map in address order, the way the kernel finds it at entry: what the firmware and QEMU's
 * Multiboot loader own below 1 MiB (the real-mode IVT, the BIOS data area, the loader's stack at 0x6F08, the memory
 * map and the Multiboot info structure at 0x9000/0x9500, the EBDA, the VGA window with text memory at 0xB8000, the
 * option ROMs and the BIOS), then every kernel section where the linker script placed it, with its address and size.
 * A kernel section that lands on a loader region is flagged ✗ with the region it covers (stage 2's lesson); the .bss
 * stack carries a depth meter for ESP. Rows are sized by a log scale of the region's size, so 4 bytes and 128 KiB
 * both read, and a "⋯" row marks every hole.
 */
import type Phaser from "phaser";
import { COLOURS, mono } from "../../app/theme.ts";
import type { BootSnapshot, MemoryRegion } from "./model.ts";
import { Panel, type Rect } from "./panel.ts";
import { hex8 } from "./registers.ts";

/** Below 1 MiB at the Multiboot entry under QEMU 7.2 (loader.ts has the measurements). */
export const LOW_MEMORY: readonly MemoryRegion[] = [
  { name: "real-mode IVT + BIOS data", addr: 0x0, size: 0x500, kind: "firmware" },
  { name: "loader's stack ↓", addr: 0x6000, size: 0xf08, kind: "loader", note: "ESP 6f08" },
  { name: "Multiboot mmap", addr: 0x9000, size: 144, kind: "loader" },
  { name: "Multiboot info (EBX)", addr: 0x9500, size: 88, kind: "loader" },
  { name: "EBDA", addr: 0x9fc00, size: 0x400, kind: "firmware" },
  { name: "VGA text 80×25", addr: 0xb8000, size: 4000, kind: "vga" },
  { name: "option ROMs + BIOS", addr: 0xc0000, size: 0x40000, kind: "firmware" },
];

const KIND_COLOUR: Record<MemoryRegion["kind"], number> = {
  firmware: 0x3a4152, loader: COLOURS.padding, vga: COLOURS.other, header: COLOURS.pointer,
  text: COLOURS.live, rodata: COLOURS.liveAlt, data: COLOURS.liveEdge, bss: COLOURS.ghost, other: COLOURS.dim,
};

export interface MapRow {
  readonly region: MemoryRegion;
  /** Loader or firmware regions this kernel region lands on. */
  readonly overlaps: readonly string[];
  /** A hole before this row. */
  readonly gapBefore: boolean;
}

export function mapRows(kernel: readonly MemoryRegion[]): MapRow[] {
  const all = [...LOW_MEMORY, ...kernel].sort((a, b) => a.addr - b.addr || b.size - a.size);
  let end = 0;
  return all.map((region) => {
    const own = !LOW_MEMORY.includes(region);
    const overlaps = own ? LOW_MEMORY.filter((l) => l.kind !== "vga" || region.kind !== "vga")
      .filter((l) => region.size > 0 && region.addr < l.addr + l.size && l.addr < region.addr + region.size).map((l) => l.name) : [];
    const row = { region, overlaps, gapBefore: region.addr > end };
    end = Math.max(end, region.addr + region.size);
    return row;
  });
}

export function sizeText(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / 1024 / 1024} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB`;
  return `${n} B`;
}

export class MemoryMap {
  private readonly panel: Panel;
  private readonly scene: Phaser.Scene;
  private readonly g: Phaser.GameObjects.Graphics;
  private texts: Phaser.GameObjects.Text[] = [];
  private drawn = "";

  constructor(scene: Phaser.Scene, rect: Rect) {
    this.scene = scene;
    this.panel = new Panel(scene, rect, "MEMORY MAP  physical, address order");
    this.g = scene.add.graphics();
  }

  render(boot: BootSnapshot | null, plannedKernel: readonly MemoryRegion[]): void {
    const kernel = boot && !boot.loaderError ? boot.regions : plannedKernel;
    const key = JSON.stringify([kernel, boot?.stack ?? null, !!boot && !boot.loaderError]);
    if (key === this.drawn) return;
    this.drawn = key;
    for (const t of this.texts) t.destroy();
    this.texts = [];
    this.g.clear();
    const rows = mapRows(kernel);
    const { x, y, w, h } = this.panel.inner;
    const st = boot?.stack;
    const meterH = st && st.top > st.bottom ? 16 : 0;
    const gaps = rows.filter((r) => r.gapBefore).length;
    const overlaps = rows.filter((r) => r.overlaps.length > 0).length;
    const rowH = Math.max(10, Math.min(15, Math.floor((h - meterH - gaps * 4 - overlaps * 11) / Math.max(1, rows.length))));
    const barX = x + 54, barMax = 40;
    let cy = y;
    const text = (tx: number, ty: number, s: string, colour: number = COLOURS.text, size = 10) => {
      const t = this.scene.add.text(tx, ty, s, mono(size, colour));
      this.texts.push(t);
      return t;
    };
    for (const r of rows) {
      if (r.gapBefore) {
        // A hole in the address space: a dotted rule, so neighbouring rows are not read as contiguous.
        this.g.fillStyle(COLOURS.panelEdge, 1);
        for (let dx = 0; dx < w; dx += 6) this.g.fillRect(x + dx, cy + 1, 3, 1);
        cy += 4;
      }
      if (cy + rowH > y + h - meterH) break;
      const reg = r.region;
      const own = !LOW_MEMORY.includes(reg);
      text(x, cy, hex8(reg.addr), own ? COLOURS.text : COLOURS.dim);
      const bw = Math.max(3, Math.min(barMax, (Math.log2(Math.max(1, reg.size)) / 20) * barMax));
      this.g.fillStyle(KIND_COLOUR[reg.kind], own ? 1 : 0.8).fillRect(barX, cy + 2, bw, rowH - 4);
      if (reg.kind === "bss" || reg.kind === "firmware") {
        // Hatching keeps .bss (zero-filled, no file bytes) and firmware apart from loaded bytes without colour.
        this.g.lineStyle(1, 0x000000, 0.35);
        for (let hx = barX + 3; hx < barX + bw; hx += 4) this.g.lineBetween(hx, cy + rowH - 2, Math.min(barX + bw, hx + 4), cy + 2);
      }
      const bad = r.overlaps.length > 0;
      const label = `${reg.name}${reg.note ? ` · ${reg.note}` : ""}`;
      text(barX + barMax + 6, cy, (bad ? "✗ " : "") + label, bad ? COLOURS.error : own ? COLOURS.text : COLOURS.dim);
      text(x + w, cy, sizeText(reg.size), COLOURS.dim).setOrigin(1, 0);
      if (bad) {
        const room = Math.floor((x + w - (barX + barMax + 6)) / 5.5);
        const covers = `  covers ${r.overlaps.join(", ")}`;
        text(barX + barMax + 6, cy + 11, covers.length > room ? covers.slice(0, room - 1) + "…" : covers, COLOURS.error, 9);
      }
      cy += rowH + (bad ? 11 : 0);
    }
    if (st && meterH) {
      const inRange = st.esp >= st.bottom && st.esp <= st.top;
      const depth = inRange ? st.top - st.esp : 0;
      const frac = inRange ? depth / (st.top - st.bottom) : 0;
      const my = y + h - 12;
      this.g.fillStyle(COLOURS.free, 1).fillRect(x, my + 2, 80, 8);
      this.g.fillStyle(inRange ? COLOURS.ghost : COLOURS.error, 1).fillRect(x, my + 2, inRange ? Math.max(2, frac * 80) : 80, 8);
      text(x + 86, my, inRange ? `stack ESP ${hex8(st.esp)} · ${depth} B of ${sizeText(st.top - st.bottom)}`
        : `✗ ESP ${hex8(st.esp)} is outside the .bss stack`, inRange ? COLOURS.text : COLOURS.error);
    }
    this.panel.setNote(kernel.length ? (boot && !boot.loaderError ? "as loaded" : "as linked") : "");
  }

  destroy(): void {
    for (const t of this.texts) t.destroy();
    this.g.destroy();
    this.panel.destroy();
  }
}
