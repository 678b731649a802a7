/**
 * Hash routes, so a replay (at a tick), a fork, a live board to watch, a stage or a replay list can be linked:
 *   #/                          title
 *   #/levels/<level>            stage select
 *   #/play/<level>/<stage>      a new run
 *   #/watch/<roomId>            spectate a run
 *   #/replay/<replayId>[/<tick>] the replay viewer, optionally pinned at a tick
 *   #/fork/<replayId>/<tick>    a new solo run continuing that replay from that tick
 *   #/replays[/<level>[/<stage>]] the replay library, optionally filtered
 *   #/duel[/<roomId>]           race-free-queue duels: create or join one, or join that duel room
 */
export type Route =
  | { scene: "title" }
  | { scene: "stages"; level: string }
  | { scene: "board"; level: string; stage: number }
  | { scene: "board"; watch: string }
  | { scene: "board"; fork: { replay: string; tick: number } }
  | { scene: "replay"; id: string; tick?: number }
  | { scene: "library"; level?: string; stage?: number }
  | { scene: "duel"; room?: string };

const NUMBER = /^\d{1,9}$/;

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  const [head, a, b] = parts;
  if (head === "levels" && a) return { scene: "stages", level: a };
  if (head === "play" && a && b && NUMBER.test(b)) return { scene: "board", level: a, stage: Number(b) };
  if (head === "watch" && a) return { scene: "board", watch: a };
  if (head === "replay" && a) return b && NUMBER.test(b) ? { scene: "replay", id: a, tick: Number(b) } : { scene: "replay", id: a };
  if (head === "fork" && a && b && NUMBER.test(b)) return { scene: "board", fork: { replay: a, tick: Number(b) } };
  if (head === "duel") return a ? { scene: "duel", room: a } : { scene: "duel" };
  if (head === "replays") {
    return { scene: "library", ...(a ? { level: a } : {}), ...(a && b && NUMBER.test(b) ? { stage: Number(b) } : {}) };
  }
  return { scene: "title" };
}

export function routeHash(r: Route): string {
  const e = encodeURIComponent;
  switch (r.scene) {
    case "title": return "#/";
    case "stages": return `#/levels/${e(r.level)}`;
    case "board":
      if ("watch" in r) return `#/watch/${e(r.watch)}`;
      if ("fork" in r) return `#/fork/${e(r.fork.replay)}/${r.fork.tick}`;
      return `#/play/${e(r.level)}/${r.stage}`;
    case "replay": return `#/replay/${e(r.id)}` + (r.tick === undefined ? "" : `/${r.tick}`);
    case "duel": return "#/duel" + (r.room ? `/${e(r.room)}` : "");
    case "library": return "#/replays" + (r.level ? `/${e(r.level)}` + (r.stage === undefined ? "" : `/${r.stage}`) : "");
  }
}

/** The full address of a route on this page, for links a player copies. */
export function routeUrl(r: Route): string {
  return location.href.replace(/#.*$/, "") + routeHash(r);
}

/** Records where the player is without triggering navigation (replaceState fires no hashchange). */
export function showRoute(r: Route): void {
  const hash = routeHash(r);
  if (location.hash !== hash) history.replaceState(null, "", hash);
}
