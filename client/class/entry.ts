/**
 * The title screen's way into class rooms: two buttons in the top-left corner, "Host a class" (C) and "Join a
 * class" (J). The title scene passes its own button factory so the keys and Tab focus work as for its doors.
 */
import type { ButtonSpec } from "../ui/button.ts";
import type { KeyHelp } from "../ui/help.ts";

export const CLASS_ENTRY_KEYS: KeyHelp = [["C", "host a class (teachers)"], ["J", "join a class with a code"]];

export function addClassEntry(button: (spec: ButtonSpec) => unknown, start: (scene: string) => void): void {
  button({ x: 20, y: 16, w: 180, h: 40, label: "Host a class", keys: ["c", "C"], target: "class:host", onPress: () => start("class-setup") });
  button({ x: 20, y: 64, w: 180, h: 40, label: "Join a class", keys: ["j", "J"], target: "class:join", onPress: () => start("class-join") });
}
