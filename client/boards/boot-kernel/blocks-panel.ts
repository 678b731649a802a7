/**
 * The kernel as a column of blocks (multiboot header, entry, stack, VGA writers, serial, panic, IDT, PIC remap,
 * PIT, executor, assembly…) in list order, and an inspector for the selected block's parameters: numbers with ◀ ▶
 * (Shift steps by 16) or typed, colours as the 16 VGA swatches with a preview cell of the attribute byte, toggles,
 * choices, strings; the header shows magic + flags + checksum so a wrong sum is visible before booting. Blocks can be
 * added (a palette of kinds), removed and moved where the stage allows. Build problems mark their block with ✗.
 *
 * The panel proposes actions ({type: "set" | "add" | "remove" | "move"}) through `send`; the level decides.
 * Clickable places are registered as targets: boot:block:<i>, boot:param:<name>, boot:dec:<name>, boot:inc:<name>,
 * boot:swatch:<param>:<colour>, boot:add, boot:add:<kind>, boot:remove, boot:up, boot:down, boot:asm.
 */
import type Phaser from "phaser";
import { type Block, type BlockKind, BLOCK_KINDS, KINDS, type ParamSpec, vgaAttribute } from "../../../shared/levels/boot-kernel/blocks.ts";
import { MULTIBOOT_HEADER_FLAGS, MULTIBOOT_HEADER_MAGIC, multibootChecksum } from "../../../shared/levels/boot-kernel/multiboot.ts";
import { clearTargets, registerTarget } from "../../app/targets.ts";
import { COLOURS, css, mono } from "../../app/theme.ts";
import { TextField } from "../../ui/text-field.ts";
import type { BoardModel } from "./model.ts";
import { Panel, type Rect } from "./panel.ts";
import { VGA_PALETTE } from "./vga-screen.ts";

const ROW_H = 15;
const PARAM_H = 19;
const NAME_W = 70;
const SWATCH = 14;

/** Parameters read in hex (addresses, vectors, masks, flags). */
const HEX_PARAMS = new Set(["flags", "master", "slave", "masterMask", "slaveMask", "vector"]);

/** Block families by what they are, each with a stripe colour and a letter (so the stripe is not colour alone). */
const FAMILY: Record<BlockKind, { colour: number; tag: string }> = {
  "multiboot": { colour: COLOURS.pointer, tag: "H" }, "entry": { colour: COLOURS.liveEdge, tag: "E" }, "stack": { colour: COLOURS.ghost, tag: "S" },
  "panic": { colour: COLOURS.error, tag: "!" }, "exception-handler": { colour: COLOURS.error, tag: "X" },
  "vga-clear": { colour: COLOURS.other, tag: "V" }, "vga-text": { colour: COLOURS.other, tag: "V" }, "memory-info": { colour: COLOURS.other, tag: "V" },
  "serial-init": { colour: COLOURS.padding, tag: "C" }, "serial-write": { colour: COLOURS.padding, tag: "C" },
  "idt": { colour: COLOURS.live, tag: "I" }, "divide-error": { colour: COLOURS.error, tag: "÷" }, "pic-remap": { colour: COLOURS.live, tag: "P" },
  "pit": { colour: COLOURS.live, tag: "T" }, "sti": { colour: COLOURS.live, tag: "i" }, "executor": { colour: COLOURS.liveAlt, tag: "R" },
  "asm": { colour: COLOURS.dim, tag: "A" },
};

const hex = (v: number, digits = 2): string => "0x" + (v >>> 0).toString(16).padStart(digits, "0");

/** A parameter's value as the inspector writes it. */
export function paramText(name: string, spec: ParamSpec, value: unknown): string {
  switch (spec.type) {
    case "int": return HEX_PARAMS.has(name) ? hex(value as number, name === "flags" ? 8 : 2) : String(value);
    case "bool": return value ? "on" : "off";
    case "checksum": return value === "auto" ? "auto" : hex(value as number, 8);
    case "vectors": return (value as number[]).length ? (value as number[]).map((v) => hex(v)).join(", ") : "(none)";
    case "text": { const s = String(value); const first = s.split("\n")[0]!; return s.includes("\n") ? `${first} … (${s.split("\n").length} lines)` : `"${s}"`; }
    default: return String(value);
  }
}

const FLAG_LABELS: Record<keyof typeof MULTIBOOT_HEADER_FLAGS, string> = {
  pageAlignModules: "bit 0 page-align modules", memoryInfo: "bit 1 memory info", videoMode: "bit 2 video mode", addressFields: "bit 16 address fields",
};

/** The Multiboot header flag bits that are set, by name (spec §3.1.2). */
export function flagNames(flags: number): string {
  return (Object.keys(MULTIBOOT_HEADER_FLAGS) as (keyof typeof MULTIBOOT_HEADER_FLAGS)[])
    .filter((k) => (flags & MULTIBOOT_HEADER_FLAGS[k]) !== 0).map((k) => FLAG_LABELS[k]).join(", ");
}

/** A one-line summary of a block for the list. */
export function blockSummary(b: Block): string {
  switch (b.kind) {
    case "multiboot": return `flags ${hex(b.flags)} · sum ${b.checksum === "auto" ? "auto" : hex(b.checksum, 8)}`;
    case "entry": return `esp ← ${b.stack}`;
    case "stack": return `${b.size} B`;
    case "panic": case "exception-handler": return `${b.kind === "exception-handler" ? `v${b.vector} ` : ""}"${b.message}"`;
    case "vga-clear": return `attr ${hex(vgaAttribute(b.fg, b.bg))}`;
    case "vga-text": return `${b.row},${b.col} ${hex(vgaAttribute(b.fg, b.bg, b.blink))} ${b.volatile ? "volatile" : "plain"} "${b.text}"`;
    case "memory-info": return `row ${b.row}`;
    case "serial-write": return `${b.waitReady ? "wait LSR" : "no wait"} "${b.text}"`;
    case "idt": return b.vectors.length ? b.vectors.map((v) => hex(v)).join(" ") : "empty";
    case "pic-remap": return `${hex(b.master)}/${hex(b.slave)} masks ${hex(b.masterMask)}/${hex(b.slaveMask)}`;
    case "pit": return `${b.hz} Hz`;
    case "executor": return `v${hex(b.vector)} ×${b.ticks}${b.eoi ? " EOI" : " no EOI"}`;
    case "asm": return `${b.text.split("\n").length} lines`;
    default: return "";
  }
}

/** Parses typed text for a parameter: the value, or undefined when it cannot be one (the level checks ranges). */
export function parseTyped(spec: ParamSpec, text: string): unknown {
  const t = text.trim();
  const num = (s: string): number | undefined => (/^0x[0-9a-f]+$/i.test(s) ? parseInt(s, 16) : /^-?\d+$/.test(s) ? Number(s) : undefined);
  switch (spec.type) {
    case "int": return num(t);
    case "checksum": return t.toLowerCase() === "auto" ? "auto" : num(t);
    case "vectors": { if (t === "" || t === "(none)") return []; const v = t.split(/[\s,]+/).filter(Boolean).map(num); return v.every((x) => x !== undefined) ? v : undefined; }
    case "bool": return /^(on|true|1|yes)$/i.test(t) ? true : /^(off|false|0|no)$/i.test(t) ? false : undefined;
    case "text": return text;
    case "choice": return spec.values.includes(t) ? t : undefined;
  }
}

interface Hit { rect: Rect; target: string; press: (shift: boolean) => void }

export class BlocksPanel {
  private readonly scene: Phaser.Scene;
  private readonly list: Panel;
  private readonly inspector: Panel;
  private readonly send: (action: unknown, target?: unknown) => void;
  private readonly editable: boolean;
  private objects: Phaser.GameObjects.GameObject[] = [];
  /** What the last draw showed: the level's ticks re-render the board every second, and nothing changed then. */
  private drawnKey = "";
  private hits: Hit[] = [];
  private readonly zone: Phaser.GameObjects.Zone;
  private field: TextField | null = null;
  private model: BoardModel | null = null;
  selected = 0;
  param = 0;
  /** The selection an add or move asked for, applied once the level's state has the block there. */
  private pendingSelect: { index: number; count: number } | null = null;
  private scroll = 0;
  picking = false;
  private pick = 0;
  /** Opens the generated-assembly view for a block. */
  onShowAsm: (block: number) => void = () => {};
  /** Opens a multi-line editor for an assembly block's text (with the line an error points at, 0 if none). */
  onEditAsm: (block: number, errorLine: number) => void = () => {};

  constructor(scene: Phaser.Scene, listRect: Rect, inspectorRect: Rect, editable: boolean, send: (action: unknown, target?: unknown) => void) {
    this.scene = scene;
    this.send = send;
    this.editable = editable;
    this.list = new Panel(scene, listRect, "KERNEL BLOCKS");
    this.inspector = new Panel(scene, inspectorRect, "BLOCK");
    const top = listRect.y, bottom = inspectorRect.y + inspectorRect.h;
    this.zone = scene.add.zone(listRect.x, top, listRect.w, bottom - top).setOrigin(0, 0).setInteractive();
    this.zone.on("pointerdown", (p: Phaser.Input.Pointer) => this.click(p.worldX, p.worldY, p.event instanceof MouseEvent && p.event.shiftKey));
  }

  private get blocks(): readonly Block[] {
    return this.model?.blocks ?? [];
  }

  private get selectedBlock(): Block | undefined {
    return this.blocks[this.selected];
  }

  private paramNames(): string[] {
    const b = this.selectedBlock;
    return b ? Object.keys(KINDS[b.kind].params) : [];
  }

  render(model: BoardModel): void {
    this.model = model;
    if (this.pendingSelect && model.blocks.length !== this.pendingSelect.count) {
      this.selected = this.pendingSelect.index;
      this.pendingSelect = null;
    }
    this.selected = Math.max(0, Math.min(this.selected, model.blocks.length - 1));
    this.param = Math.max(0, Math.min(this.param, this.paramNames().length - 1));
    this.draw(false);
  }

  private add<T extends Phaser.GameObjects.GameObject>(o: T): T {
    this.objects.push(o);
    return o;
  }

  private text(x: number, y: number, s: string, colour: number = COLOURS.text, size = 11): Phaser.GameObjects.Text {
    return this.add(this.scene.add.text(x, y, s, mono(size, colour)));
  }

  private hit(rect: Rect, target: string, press: (shift: boolean) => void): void {
    this.hits.push({ rect, target, press });
    registerTarget(target, () => ({ x: rect.x + rect.w / 2, y: rect.y + rect.h / 2 }));
  }

  private draw(force = true): void {
    const m0 = this.model;
    const key = JSON.stringify([m0?.blocks, m0?.problems, m0?.structure, this.selected, this.param, this.picking, this.pick, this.scroll]);
    if (!force && key === this.drawnKey) return;
    this.drawnKey = key;
    for (const o of this.objects) o.destroy();
    this.objects = [];
    this.hits = [];
    clearTargets("boot:block:"); clearTargets("boot:param:"); clearTargets("boot:dec:"); clearTargets("boot:inc:");
    clearTargets("boot:swatch:"); clearTargets("boot:add"); clearTargets("boot:remove"); clearTargets("boot:up"); clearTargets("boot:down"); clearTargets("boot:asm");
    const m = this.model;
    if (!m) return;
    this.drawList(m);
    if (this.picking) this.drawPicker();
    else this.drawInspector(m);
  }

  private problemsOf(m: BoardModel, block: number) {
    return m.problems.filter((p) => p.block === block);
  }

  private drawList(m: BoardModel): void {
    const { x, y, w, h } = this.list.inner;
    const g = this.add(this.scene.add.graphics());
    const rows = Math.floor(h / ROW_H) - 1;
    if (this.selected < this.scroll) this.scroll = this.selected;
    if (this.selected >= this.scroll + rows) this.scroll = this.selected - rows + 1;
    this.scroll = Math.max(0, Math.min(this.scroll, Math.max(0, m.blocks.length - rows)));
    const visible = m.blocks.slice(this.scroll, this.scroll + rows);
    visible.forEach((b, k) => {
      const i = this.scroll + k;
      const ry = y + k * ROW_H;
      const fam = FAMILY[b.kind];
      const bad = this.problemsOf(m, i).length > 0;
      if (i === this.selected) g.fillStyle(0x222a3a, 1).fillRect(x - 2, ry, w + 4, ROW_H - 1);
      g.fillStyle(fam.colour, 1).fillRect(x, ry + 1, 3, ROW_H - 3);
      this.text(x + 6, ry + 1, `${String(i).padStart(2)} ${fam.tag}`, COLOURS.dim, 10);
      const label = `${bad ? "✗ " : ""}${KINDS[b.kind].label}`;
      this.text(x + 40, ry, label, bad ? COLOURS.error : COLOURS.text, 11).setFontStyle(i === this.selected ? "bold" : "normal");
      const room = Math.floor((w - 40 - 150) / 6.1);
      const sum = blockSummary(b);
      this.text(x + 190, ry + 1, sum.length > room ? sum.slice(0, room - 1) + "…" : sum, COLOURS.dim, 10);
      if (i === this.selected) g.lineStyle(1, COLOURS.selection, 1).strokeRect(x - 2, ry, w + 4, ROW_H - 1);
      this.hit({ x, y: ry, w, h: ROW_H }, `boot:block:${i}`, () => { this.selected = i; this.param = 0; this.picking = false; this.draw(); });
    });
    if (m.blocks.length > rows) this.text(x + w, y + rows * ROW_H - 12, `${this.scroll + 1}–${Math.min(m.blocks.length, this.scroll + rows)} of ${m.blocks.length}`, COLOURS.dim, 9).setOrigin(1, 0);
    const by = y + rows * ROW_H + 1;
    const structural = m.structure && this.editable;
    const tools: [string, string, () => void][] = [
      ["asm (A)", "boot:asm", () => this.onShowAsm(this.selected)],
      ...(structural ? [
        ["+ add (N)", "boot:add", () => { this.picking = !this.picking; this.pick = 0; this.draw(); }],
        ["− remove (Del)", "boot:remove", () => this.removeSelected()],
        ["▲ up", "boot:up", () => this.moveSelected(-1)],
        ["▼ down", "boot:down", () => this.moveSelected(1)],
      ] as [string, string, () => void][] : []),
    ];
    let bx = x;
    for (const [label, target, press] of tools) {
      const t = this.text(bx + 4, by, label, COLOURS.liveEdge, 10);
      const r = { x: bx, y: by - 1, w: t.width + 8, h: ROW_H - 2 };
      g.lineStyle(1, COLOURS.panelEdge, 1).strokeRoundedRect(r.x, r.y, r.w, r.h, 3);
      this.hit(r, target, press);
      bx += r.w + 6;
    }
    if (!m.structure) this.text(bx + 2, by + 1, "blocks fixed by this stage: edit parameters", COLOURS.dim, 9);
    this.list.setNote(`${m.blocks.length} blocks · ↑↓ select`);
  }

  private drawPicker(): void {
    const { x, y, w } = this.inspector.inner;
    this.inspector.setNote("←→ choose · Enter add · Esc cancel");
    this.text(x, y, `Add after block ${this.selected}:`, COLOURS.dim, 10);
    const g = this.add(this.scene.add.graphics());
    const colW = Math.floor(w / 3);
    BLOCK_KINDS.forEach((kind, i) => {
      const cx = x + (i % 3) * colW, cy = y + 16 + Math.floor(i / 3) * 18;
      const r = { x: cx, y: cy, w: colW - 4, h: 16 };
      g.fillStyle(i === this.pick ? 0x2a3550 : COLOURS.background, 1).fillRoundedRect(r.x, r.y, r.w, r.h, 3);
      g.fillStyle(FAMILY[kind].colour, 1).fillRect(r.x, r.y + 2, 3, r.h - 4);
      if (i === this.pick) g.lineStyle(1, COLOURS.selection, 1).strokeRoundedRect(r.x, r.y, r.w, r.h, 3);
      this.text(r.x + 6, r.y + 2, KINDS[kind].label, COLOURS.text, 10);
      this.hit(r, `boot:add:${kind}`, () => this.addKind(kind));
    });
  }

  private drawInspector(m: BoardModel): void {
    const b = this.selectedBlock;
    const { x, y, w } = this.inspector.inner;
    if (!b) { this.inspector.setNote(""); return; }
    const info = KINDS[b.kind];
    this.inspector.setNote(`${info.label} · Tab param · ←→ change · Enter type`);
    const g = this.add(this.scene.add.graphics());
    const names = this.paramNames();
    let cy = y;
    if (names.length === 0) this.text(x, cy, info.step ? "no parameters: it runs as a step of kmain" : "no parameters", COLOURS.dim, 10);
    const bottom = this.inspector.inner.y + this.inspector.inner.h;
    names.forEach((name, pi) => {
      if (cy + PARAM_H > bottom) return;
      const spec = info.params[name]!;
      const value = (b as unknown as Record<string, unknown>)[name];
      const on = pi === this.param;
      if (on) g.fillStyle(0x1d2433, 1).fillRect(x - 2, cy - 1, w + 4, PARAM_H - 1);
      this.text(x, cy + 2, (on ? "▸" : " ") + name, on ? COLOURS.text : COLOURS.dim, 10);
      const vx = x + NAME_W;
      const select = () => { this.param = pi; };
      const isColour = (name === "fg" || name === "bg") && spec.type === "int";
      if (isColour) {
        const count = spec.max + 1;
        for (let c = 0; c < count; c++) {
          const r = { x: vx + c * (SWATCH + 2), y: cy + 1, w: SWATCH, h: SWATCH };
          g.fillStyle(parseInt(VGA_PALETTE[c]!.css.slice(1), 16), 1).fillRect(r.x, r.y, r.w, r.h);
          g.lineStyle(c === value ? 2 : 1, c === value ? COLOURS.selection : COLOURS.panelEdge, 1).strokeRect(r.x, r.y, r.w, r.h);
          this.hit(r, `boot:swatch:${name}:${c}`, () => { select(); this.set(name, c); });
        }
        this.text(vx + count * (SWATCH + 2) + 4, cy + 2, String(value), COLOURS.dim, 10);
      } else if (spec.type === "bool") {
        const r = { x: vx, y: cy, w: 60, h: PARAM_H - 3 };
        this.text(vx, cy + 1, value ? "☑ on" : "☐ off", value ? COLOURS.ghost : COLOURS.dim, 12);
        this.hit(r, `boot:param:${name}`, () => { select(); this.set(name, !value); });
      } else {
        const stepper = spec.type === "int" || spec.type === "choice" || spec.type === "checksum";
        let tx = vx;
        if (stepper) {
          const dec = { x: vx, y: cy, w: 16, h: PARAM_H - 3 };
          this.text(vx + 3, cy + 1, "◀", COLOURS.liveEdge, 11);
          this.hit(dec, `boot:dec:${name}`, (shift) => { select(); this.nudge(name, -1, shift); });
          tx = vx + 20;
        }
        const shown = paramText(name, spec, value);
        const room = Math.floor((w - NAME_W - 60) / 6.6);
        const t = this.text(tx, cy + 2, shown.length > room ? shown.slice(0, room - 1) + "…" : shown, COLOURS.text, 11);
        const valueR = { x: tx, y: cy, w: Math.max(40, t.width), h: PARAM_H - 3 };
        this.hit(valueR, `boot:param:${name}`, () => { select(); this.edit(name); });
        if (stepper) {
          const incX = tx + t.width + 6;
          this.text(incX + 3, cy + 1, "▶", COLOURS.liveEdge, 11);
          this.hit({ x: incX, y: cy, w: 16, h: PARAM_H - 3 }, `boot:inc:${name}`, (shift) => { select(); this.nudge(name, 1, shift); });
        }
      }
      cy += PARAM_H;
    });
    // What the parameters add up to: the attribute byte with a preview cell, or the header's sum.
    const notes: string[] = [];
    if ("fg" in b && "bg" in b && cy + 20 <= bottom) {
      const attr = vgaAttribute(b.fg, b.bg, "blink" in b ? b.blink : false);
      const sample = "text" in b ? b.text.slice(0, 18) : "Aa";
      const px = x, py = cy + 2;
      const sw = sample.length * 7 + 8;
      g.fillStyle(parseInt(VGA_PALETTE[b.bg]!.css.slice(1), 16), 1).fillRect(px, py, sw, 16);
      g.lineStyle(1, COLOURS.panelEdge, 1).strokeRect(px, py, sw, 16);
      this.add(this.scene.add.text(px + 4, py + 1, sample, { ...mono(12), color: VGA_PALETTE[b.fg]!.css }));
      this.text(px + sw + 8, py - 3, `attribute ${hex(attr)} = fg ${b.fg} | bg ${b.bg} << 4${attr & 0x80 ? " | 0x80 blink" : ""}\n${VGA_PALETTE[b.fg]!.name} on ${VGA_PALETTE[b.bg]!.name}`, COLOURS.dim, 10);
      cy += 20;
    }
    if (b.kind === "multiboot") {
      const sum = b.checksum === "auto" ? multibootChecksum(b.flags) : b.checksum;
      const total = (MULTIBOOT_HEADER_MAGIC + b.flags + sum) >>> 0;
      notes.push(`magic 0x1badb002 + flags ${hex(b.flags, 8)} + checksum ${hex(sum, 8)}`, `  = ${hex(total, 8)} (mod 2³²) ${total === 0 ? "✓ valid" : "✗ must be 0"}`);
      const bits = flagNames(b.flags);
      if (bits) notes.push(`flags: ${bits}`);
    }
    if (b.kind === "pit") notes.push(`divisor = round(1193182 / ${b.hz}) = ${Math.min(0xffff, Math.max(1, Math.round(1193182 / b.hz)))}`);
    for (const p of this.problemsOf(m, this.selected)) {
      notes.push(p.blockLine !== undefined && b.kind === "asm"
        ? `✗ ${p.code} at line ${p.blockLine} of this block: ${p.message.replace(/^[\w.]+:\d+:\d+: /, "")}` : `✗ ${p.code}: ${p.message}`);
    }
    if (notes.length && cy + 12 <= bottom) {
      const t = this.add(this.scene.add.text(x, cy + 2, notes.join("\n"), { ...mono(10, COLOURS.dim), wordWrap: { width: w, useAdvancedWrap: true } }));
      if (notes.some((n) => n.includes("✗"))) t.setColor(css(COLOURS.error));
    }
    const pname = names[this.param];
    if (pname) registerTarget("boot:param:selected", () => ({ x: x + NAME_W + 40, y: y + this.param * PARAM_H + 8 }));
  }

  private click(px: number, py: number, shift: boolean): void {
    if (this.field) this.closeField();
    const hit = this.hits.find((h) => px >= h.rect.x && px <= h.rect.x + h.rect.w && py >= h.rect.y && py <= h.rect.y + h.rect.h);
    hit?.press(shift);
    if (hit && !hit.target.startsWith("boot:block:")) this.draw();
  }

  private set(param: string, value: unknown): void {
    if (!this.editable) return;
    this.send({ type: "set", block: this.selected, param, value }, { block: this.selected, param });
  }

  /** ◀ ▶ on a parameter: ±1 (±16 with Shift) for numbers, the next choice, auto ↔ a number for the checksum. */
  private nudge(param: string, dir: number, shift: boolean): void {
    const b = this.selectedBlock;
    if (!b) return;
    const spec = KINDS[b.kind].params[param];
    const value = (b as unknown as Record<string, unknown>)[param];
    if (!spec) return;
    if (spec.type === "int") {
      const step = shift ? 16 : param === "size" ? 1024 : param === "hz" ? 10 : 1;
      this.set(param, Math.max(spec.min, Math.min(spec.max, (value as number) + dir * step)));
    } else if (spec.type === "bool") this.set(param, !value);
    else if (spec.type === "choice") {
      const i = spec.values.indexOf(value as string);
      this.set(param, spec.values[(i + dir + spec.values.length) % spec.values.length]);
    } else if (spec.type === "checksum" && b.kind === "multiboot") {
      this.set(param, value === "auto" ? multibootChecksum(b.flags) : dir > 0 && (value as number) === multibootChecksum(b.flags) ? "auto" : (((value as number) + dir) >>> 0));
    }
  }

  /** Opens a text field over the parameter's value; Enter sends it, Escape cancels. */
  edit(param: string): void {
    const b = this.selectedBlock;
    if (!b || !this.editable) return;
    const spec = KINDS[b.kind].params[param];
    if (!spec) return;
    if (spec.type === "bool") { this.nudge(param, 1, false); return; }
    if (spec.type === "text" && spec.max > 80) {
      this.onEditAsm(this.selected, this.model?.problems.find((p) => p.block === this.selected)?.blockLine ?? 0);
      return;
    }
    this.closeField();
    const value = (b as unknown as Record<string, unknown>)[param];
    const { x, y, w } = this.inspector.inner;
    const pi = this.paramNames().indexOf(param);
    const raw = spec.type === "text" ? String(value) : paramText(param, spec, value);
    const field = new TextField(this.scene.game.canvas, {
      x: x + NAME_W - 4, y: y + pi * PARAM_H - 2, w: w - NAME_W + 4, h: PARAM_H + 2, label: `block ${this.selected} ${param}`,
      value: raw, maxLength: spec.type === "text" ? spec.max : 1100, size: 12,
      check: (s) => (parseTyped(spec, s) === undefined ? `not a valid ${param}` : null),
      onSubmit: () => {
        const v = parseTyped(spec, field.value);
        if (v === undefined) return;
        this.set(param, v);
        this.closeField();
      },
    });
    field.input.addEventListener("blur", () => window.setTimeout(() => { if (this.field === field) this.closeField(); }, 0));
    this.field = field;
    field.focus();
    field.input.select();
  }

  private closeField(): void {
    const f = this.field;
    this.field = null;
    f?.destroy();
  }

  private addKind(kind: BlockKind): void {
    this.picking = false;
    const at = Math.min(this.blocks.length, this.selected + 1);
    this.send({ type: "add", at, block: structuredClone(KINDS[kind].fresh) }, { block: at });
    this.pendingSelect = { index: at, count: this.blocks.length };
    this.param = 0;
  }

  private removeSelected(): void {
    if (!this.blocks.length) return;
    this.send({ type: "remove", block: this.selected }, { block: this.selected });
  }

  private moveSelected(dir: number): void {
    const to = this.selected + dir;
    if (to < 0 || to >= this.blocks.length) return;
    this.send({ type: "move", from: this.selected, to }, { block: this.selected });
    this.selected = to;
  }

  /** Keys while the board has the keyboard; returns true when used. */
  key(e: KeyboardEvent): boolean {
    if (!this.model) return false;
    if (this.picking) {
      switch (e.key) {
        case "ArrowLeft": this.pick = (this.pick + BLOCK_KINDS.length - 1) % BLOCK_KINDS.length; break;
        case "ArrowRight": this.pick = (this.pick + 1) % BLOCK_KINDS.length; break;
        case "ArrowUp": this.pick = Math.max(0, this.pick - 3); break;
        case "ArrowDown": this.pick = Math.min(BLOCK_KINDS.length - 1, this.pick + 3); break;
        case "Enter": this.addKind(BLOCK_KINDS[this.pick]!); break;
        case "n": case "N": case "Backspace": this.picking = false; break;
        default: return false;
      }
      this.draw();
      return true;
    }
    const names = this.paramNames();
    switch (e.key) {
      case "ArrowUp":
        if (e.altKey && this.model.structure) this.moveSelected(-1); else { this.selected = Math.max(0, this.selected - 1); this.param = 0; }
        break;
      case "ArrowDown":
        if (e.altKey && this.model.structure) this.moveSelected(1); else { this.selected = Math.min(this.blocks.length - 1, this.selected + 1); this.param = 0; }
        break;
      case "Tab":
        if (!names.length) return false;
        this.param = (this.param + (e.shiftKey ? names.length - 1 : 1)) % names.length;
        break;
      case "ArrowLeft": case "ArrowRight":
        if (!names[this.param]) return false;
        this.nudge(names[this.param]!, e.key === "ArrowRight" ? 1 : -1, e.shiftKey);
        break;
      case "Enter":
        if (!names[this.param]) return false;
        this.edit(names[this.param]!);
        break;
      case " ": {
        const b = this.selectedBlock;
        const spec = b && names[this.param] ? KINDS[b.kind].params[names[this.param]!] : undefined;
        if (spec?.type !== "bool") return false;
        this.nudge(names[this.param]!, 1, false);
        break;
      }
      case "n": case "N":
        if (!this.model.structure) return false;
        this.picking = true; this.pick = 0;
        break;
      case "Delete":
        if (!this.model.structure) return false;
        this.removeSelected();
        break;
      case "a": case "A": this.onShowAsm(this.selected); return true;
      default: return false;
    }
    this.draw();
    return true;
  }

  /** Shakes the block a rejected action targeted. */
  shake(target: unknown): void {
    this.pendingSelect = null;
    const t = target as { block?: number } | null;
    if (t && typeof t.block === "number") this.selected = Math.min(t.block, Math.max(0, this.blocks.length - 1));
    this.draw();
    this.inspector.flash(this.scene);
  }

  /** Where block i's row is (for animations), or null when scrolled away. */
  rowCentre(i: number): { x: number; y: number } | null {
    const { x, y, w } = this.list.inner;
    const k = i - this.scroll;
    return k >= 0 ? { x: x + w / 2, y: y + k * ROW_H + ROW_H / 2 } : null;
  }

  destroy(): void {
    this.closeField();
    for (const o of this.objects) o.destroy();
    clearTargets("boot:");
    this.zone.destroy();
    this.list.destroy();
    this.inspector.destroy();
  }
}

export { FAMILY };
