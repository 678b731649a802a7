/**
 * Hash routes, so a replay, a live board to watch, or a stage can be linked:
 *   #/                      title
 *   #/levels/<level>        stage select
 *   #/play/<level>/<stage>  a new run
 *   #/watch/<roomId>        spectate a run
 *   #/replay/<replayId>     the replay viewer
 */
export type Route =
  | { scene: "title" }
  | { scene: "stages"; level: string }
  | { scene: "board"; level: string; stage: number }
  | { scene: "board"; watch: string }
  | { scene: "replay"; id: string };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  const [head, a, b] = parts;
  if (head === "levels" && a) return { scene: "stages", level: a };
  if (head === "play" && a && b && /^\d+$/.test(b)) return { scene: "board", level: a, stage: Number(b) };
  if (head === "watch" && a) return { scene: "board", watch: a };
  if (head === "replay" && a) return { scene: "replay", id: a };
  return { scene: "title" };
}

export function routeHash(r: Route): string {
  switch (r.scene) {
    case "title": return "#/";
    case "stages": return `#/levels/${encodeURIComponent(r.level)}`;
    case "board": return "watch" in r ? `#/watch/${encodeURIComponent(r.watch)}` : `#/play/${encodeURIComponent(r.level)}/${r.stage}`;
    case "replay": return `#/replay/${encodeURIComponent(r.id)}`;
  }
}

/** Records where the player is without triggering navigation (replaceState fires no hashchange). */
export function showRoute(r: Route): void {
  const hash = routeHash(r);
  if (location.hash !== hash) history.replaceState(null, "", hash);
}
