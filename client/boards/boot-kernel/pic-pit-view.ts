/**
 * The two 8259A PICs and the 8254 PIT channel 0: each PIC's vector range (IRQ 0–7 → 0x08–0x0F until remapped: the
 * BIOS's offsets put the timer on the double-fault vector), its mask as eight boxes (■ masked, □ open) with the IRQ
 * numbers, the in-service bits (a tick never acknowledged with EOI keeps its bit set and blocks the next), and the
 * PIT's mode, divisor and the rate it gives (1193182 Hz / divisor).
 */
import type Phaser from "phaser";
import type { PicView } from "../../../shared/levels/boot-kernel/pic.ts";
import { COLOURS, mono } from "../../app/theme.ts";
import type { BootSnapshot } from "./model.ts";
import { Panel, type Rect } from "./panel.ts";

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
  private readonly lines: Phaser.GameObjects.Text[] = [];

  constructor(scene: Phaser.Scene, rect: Rect) {
    this.panel = new Panel(scene, rect, "PIC 8259A × 2 · PIT 8254");
    const inner = this.panel.inner;
    for (let i = 0; i < 3; i++) this.lines.push(scene.add.text(inner.x, inner.y + i * 13, "", mono(10, COLOURS.text)));
  }

  render(boot: BootSnapshot | null): void {
    const pic = boot && !boot.loaderError ? boot.pic : [];
    const master = pic[0];
    this.lines[0]!.setText(master ? picLine(master) : "");
    this.lines[1]!.setText(pic[1] ? picLine(pic[1]) : "");
    const pit = boot && !boot.loaderError ? boot.pit : null;
    this.lines[2]!.setText(pit ? `PIT ch0 mode ${pit.mode} ÷${pit.divisor} → ${pit.hz} Hz · ${pit.irqs} tick${pit.irqs === 1 ? "" : "s"}` : "");
    const onDf = !!master && master.vectorBase === 8;
    this.panel.setNote(master ? (onDf ? "⚠ IRQ 0 → vector 8 = #DF" : `IRQ 0 → 0x${master.vectorBase.toString(16)}`) : "", onDf ? COLOURS.padding : COLOURS.dim);
  }

  destroy(): void {
    this.panel.destroy();
    for (const t of this.lines) t.destroy();
  }
}
