/**
 * The IDT as the CPU reads it through IDTR: one row per vector that matters (the 32 exceptions' first ones, the
 * remapped PIC range, anything present), with the gate's selector:offset, type and present bit. A missing gate is a
 * hollow ○ and "not present"; a present one a filled ● — so an unhandled vector is obvious before the fault happens.
 * Vectors 0 (#DE), 8 (#DF), 13 (#GP) and the one the master PIC delivers IRQ 0 to are always listed.
 */
import type Phaser from "phaser";
import { COLOURS } from "../../app/theme.ts";
import { exceptionName } from "./fault-log.ts";
import type { BootSnapshot, GateSnapshot } from "./model.ts";
import { Panel, type Rect, TextRows } from "./panel.ts";
import { hex8 } from "./registers.ts";

const LINE_H = 12;

export interface IdtRow { readonly vector: number; readonly text: string; readonly present: boolean }

/** Rows worth showing: every listed gate, plus vectors 0, 8, 13 and the timer's vector even when they hold none. */
export function idtRows(gates: readonly GateSnapshot[], timerVector: number | null): IdtRow[] {
  const wanted = new Set<number>([0, 8, 13, ...gates.filter((g) => g.present).map((g) => g.vector)]);
  if (timerVector !== null) wanted.add(timerVector);
  return [...wanted].sort((a, b) => a - b).map((vector) => {
    const g = gates.find((x) => x.vector === vector);
    const present = !!g && g.present && g.type !== "invalid";
    const name = vector < 32 ? exceptionName(vector) : vector === timerVector ? "IRQ 0 timer" : "";
    const gate = !g ? "not present" : g.type === "invalid" ? `invalid gate type${g.present ? "" : ", P=0"}`
      : `${g.selector.toString(16).padStart(4, "0")}:${hex8(g.offset)} ${g.type}${g.present ? "" : " P=0"}`;
    return { vector, present, text: `${present ? "●" : "○"} ${vector.toString(16).padStart(2, "0")} ${gate.padEnd(24)} ${name}` };
  });
}

export class IdtPanel {
  private readonly panel: Panel;
  private readonly rows: TextRows;

  constructor(scene: Phaser.Scene, rect: Rect) {
    this.panel = new Panel(scene, rect, "IDT");
    this.rows = new TextRows(scene, this.panel.inner, LINE_H, 10);
  }

  /** `loaded`: the kernel has an IDT block (runs lidt); without one IDTR still points at the real-mode IVT. */
  render(boot: BootSnapshot | null, loaded: boolean): void {
    const timer = boot?.pic[0] ? boot.pic[0].vectorBase : null;
    const rows = boot && !boot.loaderError && loaded ? idtRows(boot.idt, timer) : [];
    if (boot && !boot.loaderError && !loaded) {
      // Without lidt the CPU reads SeaBIOS's 4-byte far pointers as 8-byte gates; those of vectors 0, 8 and 13 have
      // invalid type bits (checked against the IVT the loader writes), hence the #GP, #DF, triple-fault chain.
      const why = ["No lidt: IDTR still describes the real-mode IVT", "at 0, limit 0x3ff. Read as gates, #DE, #GP and #DF", "are invalid: a fault → #GP → #DF → triple fault."];
      this.rows.show(why.map((text) => ({ text, colour: COLOURS.padding })));
    } else {
      this.rows.show(rows.map((r) => ({ text: r.text, colour: r.present ? COLOURS.text : COLOURS.dim })));
    }
    const present = rows.filter((r) => r.present).length;
    this.panel.setNote(boot && !boot.loaderError ? (loaded ? `lidt · ${present} present gate${present === 1 ? "" : "s"}` : "no lidt: IDTR = real-mode IVT at 0, limit 0x3ff") : "",
      boot && !loaded ? COLOURS.padding : COLOURS.dim);
  }

  destroy(): void {
    this.panel.destroy();
    this.rows.destroy();
  }
}
