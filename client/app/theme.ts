/**
 * The one visual language every board shares. Colours come from the Okabe–Ito palette (safe for the common
 * colour-vision deficiencies); each meaning also has a shape or pattern so colour is never the only cue.
 */
import type Phaser from "phaser";
export const WIDTH = 1280;
export const HEIGHT = 720;

export const FONT_MONO = '"DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace';
export const FONT_SANS = '"DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif';

/** Meaning → colour. Pattern/shape partners are noted beside each. */
export const COLOURS = {
  background: 0x0b0e14,
  panel: 0x151a24,
  panelEdge: 0x2a3142,
  grid: 0x232a38,
  /** Free memory: dark, dotted grid. */
  free: 0x11151d,
  /** Live data: solid blue fill with a label and a border. */
  live: 0x0072b2,
  liveAlt: 0x1f8ccc,
  liveEdge: 0x56b4e9,
  /** Padding / metadata: orange with diagonal hatching. */
  padding: 0xe69f00,
  /** Pointers and cursors (the bump pointer): yellow, drawn as a triangle and a line. */
  pointer: 0xf0e442,
  /** Error / UB: vermillion, with a cross and a shake. */
  error: 0xd55e00,
  /** Freed (a ghost): bluish green outline, dashed. */
  ghost: 0x009e73,
  /** Selection and focus: white outline. */
  selection: 0xffffff,
  /** Another player. */
  other: 0xcc79a7,
  text: 0xe6e9ef,
  dim: 0x8a93a6,
} as const;

export function css(colour: number): string {
  return "#" + colour.toString(16).padStart(6, "0");
}

/** Text styles; `resolution: 2` keeps glyphs crisp when FIT scales the canvas up. */
export function mono(size: number, colour: number = COLOURS.text): Phaser.Types.GameObjects.Text.TextStyle {
  return { fontFamily: FONT_MONO, fontSize: `${size}px`, color: css(colour), resolution: 2 };
}

export function sans(size: number, colour: number = COLOURS.text, wrap?: number): Phaser.Types.GameObjects.Text.TextStyle {
  const style: Phaser.Types.GameObjects.Text.TextStyle = { fontFamily: FONT_SANS, fontSize: `${size}px`, color: css(colour), resolution: 2 };
  if (wrap) style.wordWrap = { width: wrap, useAdvancedWrap: true };
  return style;
}
