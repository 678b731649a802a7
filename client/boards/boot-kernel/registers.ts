/**
 * The CPU registers after the run: EAX…EDI in hex (EAX = 0x2BADB002 at entry is the loader's magic), EIP, EFLAGS as
 * hex and as its bits (IF lit when interrupts are on) and the instruction count. A register that changed
 * since the previous boot is drawn in the pointer colour with a • so the difference reads without colour too.
 */
import type Phaser from "phaser";
import { COLOURS, css, mono } from "../../app/theme.ts";
import type { BootSnapshot, RegisterSnapshot } from "./model.ts";
import { Panel, type Rect } from "./panel.ts";

export const hex8 = (v: number): string => (v >>> 0).toString(16).padStart(8, "0");

/** EFLAGS bits a kernel writer cares about, high to low (SDM vol. 1 §3.4.3). */
const FLAG_BITS: readonly (readonly [string, number])[] = [["VM", 17], ["RF", 16], ["NT", 14], ["OF", 11], ["DF", 10], ["IF", 9], ["TF", 8], ["SF", 7], ["ZF", 6], ["AF", 4], ["PF", 2], ["CF", 0]];

export function flagCells(eflags: number): { name: string; on: boolean }[] {
  return FLAG_BITS.map(([name, bit]) => ({ name, on: ((eflags >>> bit) & 1) === 1 }));
}

export class RegistersPanel {
  private readonly panel: Panel;
  private readonly scene: Phaser.Scene;
  private readonly cells: Phaser.GameObjects.Text[] = [];
  private readonly flags: Phaser.GameObjects.Text[] = [];
  private readonly extra: Phaser.GameObjects.Text;
  private last: RegisterSnapshot | null = null;
  private shownFor: RegisterSnapshot | null = null;

  constructor(scene: Phaser.Scene, rect: Rect) {
    this.scene = scene;
    this.panel = new Panel(scene, rect, "REGISTERS");
    const { x, y, w } = this.panel.inner;
    const colW = Math.floor(w / 2);
    for (let i = 0; i < 10; i++) this.cells.push(scene.add.text(x + (i % 2) * colW, y + Math.floor(i / 2) * 14, "", mono(11, COLOURS.text)));
    const fy = y + 5 * 14 + 2;
    const fw = Math.floor(w / FLAG_BITS.length);
    FLAG_BITS.forEach((_, i) => this.flags.push(scene.add.text(x + i * fw, fy, "", mono(10, COLOURS.dim))));
    this.extra = scene.add.text(x, fy + 14, "", mono(10, COLOURS.dim)).setLineSpacing(1);
  }

  render(boot: BootSnapshot | null): void {
    const r = boot?.registers ?? null;
    if (r !== this.shownFor) {
      if (this.shownFor) this.last = this.shownFor;
      this.shownFor = r;
    }
    const entries: [string, number, number | undefined][] = r
      ? [...r.general.map((g, i) => [g.name, g.value, this.last?.general[i]?.value] as [string, number, number | undefined]), ["EIP", r.eip, this.last?.eip], ["EFL", r.eflags, this.last?.eflags]]
      : [];
    this.cells.forEach((t, i) => {
      const e = entries[i];
      if (!e) { t.setText(i === 0 ? (boot?.loaderError ? "never entered: the loader refused the file" : "not booted") : ""); t.setColor(css(COLOURS.dim)); return; }
      const changed = e[2] !== undefined && e[2] !== e[1];
      t.setText(`${e[0].padEnd(3)} ${hex8(e[1])}${changed ? " •" : ""}`).setColor(css(changed ? COLOURS.pointer : COLOURS.text));
    });
    const cells = r ? flagCells(r.eflags) : [];
    this.flags.forEach((t, i) => {
      const c = cells[i];
      t.setText(c ? c.name : "").setColor(css(c?.on ? (c.name === "IF" ? COLOURS.ghost : COLOURS.text) : 0x4a5266));
      t.setFontStyle(c?.on ? "bold" : "normal");
    });
    this.extra.setText(r ? `${boot!.instructions.toLocaleString("en")} instructions · stopped: ${stopText(boot!.status)}` : "");
    this.panel.setNote(r ? (((r.eflags >>> 9) & 1) ? "IF=1 interrupts on" : "IF=0 interrupts off") : "");
  }

  destroy(): void {
    this.panel.destroy();
    for (const t of [...this.cells, ...this.flags, this.extra]) t.destroy();
    void this.scene;
  }
}

/** Why the machine stopped, in a player's words. */
export function stopText(stop: string): string {
  switch (stop) {
    case "halted-forever": return "hlt with IF=0 (forever)";
    case "reboot-loop": return "reboot loop";
    case "budget": return "instruction budget spent";
    case "exited": return "isa-debug-exit";
    case "shutdown": return "shutdown";
    case "unsupported": return "unsupported by the model";
    default: return stop;
  }
}
