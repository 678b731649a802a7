/** Fitting text into a column without squeezing it (squeezed glyphs blur): cut to one line and end in "…". */
import type Phaser from "phaser";

export function fitOneLine(t: Phaser.GameObjects.Text, width: number): Phaser.GameObjects.Text {
  const full = t.text;
  if (t.width <= width) return t;
  let lo = 0;
  let hi = full.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    t.setText(full.slice(0, mid).trimEnd() + "…");
    if (t.width <= width) lo = mid; else hi = mid - 1;
  }
  return t.setText(full.slice(0, lo).trimEnd() + "…");
}
