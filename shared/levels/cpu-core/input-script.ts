/**
 * Scripted joypad input for headless runs, benches and golden replays. One change per line:
 * `<frame> <keys>` holds `keys` (comma-separated BUTTONS names, or "-" for none) from that frame on;
 * "#" starts a comment. Example: "60 start\n62 -\n100 left,a\n101 -".
 */
import { BUTTONS, type ButtonName } from "./joypad.ts";

export interface InputChange { readonly frame: number; readonly mask: number }

export function parseInputScript(text: string): InputChange[] {
  const changes: InputChange[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.split("#")[0]!.trim();
    if (!line) return;
    const m = line.match(/^(\d+)\s+(\S+)$/);
    if (!m) throw new Error(`input line ${i + 1}: expected "<frame> <keys>", got "${line}"`);
    let mask = 0;
    if (m[2] !== "-") {
      for (const name of m[2]!.toLowerCase().split(",")) {
        if (!(name in BUTTONS)) throw new Error(`input line ${i + 1}: unknown key "${name}" (keys: ${Object.keys(BUTTONS).join(" ")})`);
        mask |= BUTTONS[name as ButtonName];
      }
    }
    changes.push({ frame: Number(m[1]), mask });
  });
  return changes.sort((a, b) => a.frame - b.frame);
}

/** The keys held at `frame`. */
export function keysAt(changes: readonly InputChange[], frame: number): number {
  let mask = 0;
  for (const c of changes) {
    if (c.frame > frame) break;
    mask = c.mask;
  }
  return mask;
}
