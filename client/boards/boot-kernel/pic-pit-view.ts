/**
 * The two 8259A PICs and the 8254 PIT channel 0: each PIC's vector range (IRQ 0–7 → 0x08–0x0F until remapped: the
 * BIOS's offsets put the timer on the double-fault vector), its mask as eight boxes (■ masked, □ open) with the IRQ
 * numbers, the in-service bits (a tick never acknowledged with EOI keeps its bit set and blocks the next), and the
 * PIT's mode, divisor and the rate it gives (1193182 Hz / divisor).
 */
import type Phaser from "phaser";
import type { PicView } from "../../../shared/levels/boot-kernel/pic.ts";
import { COLOURS } from "../../app/theme.ts";
import type { BootSnapshot } from "./model.ts";
import { Panel, type Rect, TextRows } from "./panel.ts";

export function maskBoxes(imr: number): string {
  let s = "";
  for (let line = 0; line < 8; line++) s += (imr >> line) & 1 ? "■" : "□";
  return s;
}

export function picLine(p: PicView): string {
  const base = p.vectorBase;
  const remapped = p.initialisedByKernel ? "" : " (BIOS)";
  const isr = p.isr ? ` ISR ${p.isr.toString(2).padStart(8, "0")}` : "";
  return `${p.chip === "master" ? "PIC1" : "PIC2"} → 0x${base.toString(16).padStart(2, "0")}–0x${(base + 7).toString(16).padStart(2, "0")}${remapped}  mask ${maskBoxes(p.imr)}${isr}`;
}

export class PicPitPanel {
  private readonly panel: Panel;
  private readonly rows: TextRows;

  constructor(scene: Phaser.Scene, rect: Rect) {
    this.panel = new Panel(scene, rect, "PIC 8259A × 2 · PIT 8254");
    this.rows = new TextRows(scene, this.panel.inner, 11, 10);
  }

  render(boot: BootSnapshot | null): void {
    const on = !!boot && !boot.loaderError;
    const pic = on ? boot.pic : [];
    const pit = on ? boot.pit : null;
    const master = pic[0];
    this.rows.show([
      { text: master ? picLine(master) : "" },
      { text: pic[1] ? picLine(pic[1]) : "" },
      { text: pit ? `PIT ch0 mode ${pit.mode} ÷${pit.divisor} → ${pit.hz} Hz · ${pit.irqs} tick${pit.irqs === 1 ? "" : "s"}` : "" },
    ]);
    const onDf = !!master && master.vectorBase === 8;
    this.panel.setNote(master ? (onDf ? "⚠ IRQ 0 → vector 8 = #DF" : `IRQ 0 → 0x${master.vectorBase.toString(16)}`) : "", onDf ? COLOURS.padding : COLOURS.dim);
  }

  destroy(): void {
    this.panel.destroy();
    this.rows.destroy();
  }
}
