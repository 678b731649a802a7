/**
 * Named clickable places on screen, for the end-to-end test hooks (window.__bma.locate) and nothing else.
 * A scene registers a name with a function returning the centre in game (world) coordinates; the registry
 * converts to page coordinates through the canvas' bounding box, which accounts for FIT scaling and offset.
 */
import { HEIGHT, WIDTH } from "./theme.ts";

export interface Point {
  x: number;
  y: number;
}

const targets = new Map<string, () => Point | null>();

export function registerTarget(name: string, centre: () => Point | null): void {
  targets.set(name, centre);
}

export function unregisterTarget(name: string): void {
  targets.delete(name);
}

export function clearTargets(prefix?: string): void {
  for (const name of [...targets.keys()]) if (!prefix || name.startsWith(prefix)) targets.delete(name);
}

export function worldTarget(name: string): Point | null {
  return targets.get(name)?.() ?? null;
}

let canvas: HTMLCanvasElement | null = null;

export function setCanvas(c: HTMLCanvasElement): void {
  canvas = c;
}

/** Game coordinates (0..1280, 0..720) to page (viewport CSS pixel) coordinates. */
export function toPage(p: Point | null): Point | null {
  if (!p || !canvas) return null;
  const r = canvas.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return null;
  return { x: r.left + (p.x * r.width) / WIDTH, y: r.top + (p.y * r.height) / HEIGHT };
}
