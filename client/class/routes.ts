/**
 * Class links, kept apart from app/router.ts: a student's join link pre-fills the code, a projector's link
 * opens the spectator view straight away.
 *   #/join/<CODE>      the join form with the code filled in
 *   #/spectate/<CODE>  the projector / spectator view of that class
 *   #/class            host a class (the setup form)
 */
import { normaliseCode } from "../../shared/class.ts";

export type ClassRoute = { scene: "class-join"; code: string } | { scene: "class-spectate"; code: string } | { scene: "class-setup" };

export function parseClassRoute(hash: string): ClassRoute | null {
  const [head, a] = hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  if (head === "join") return { scene: "class-join", code: normaliseCode(a ?? "") };
  if (head === "spectate" && a) return { scene: "class-spectate", code: normaliseCode(a) };
  if (head === "class") return { scene: "class-setup" };
  return null;
}

export function classHash(r: ClassRoute): string {
  switch (r.scene) {
    case "class-join": return r.code ? `#/join/${r.code}` : "#/join";
    case "class-spectate": return `#/spectate/${r.code}`;
    case "class-setup": return "#/class";
  }
}

/** The full link to a class route on this page (what the host shows for students and projectors). */
export function classUrl(r: ClassRoute): string {
  return location.href.replace(/#.*$/, "") + classHash(r);
}

/** Records where the player is without navigating (replaceState fires no hashchange). */
export function showClassRoute(r: ClassRoute): void {
  const hash = classHash(r);
  if (location.hash !== hash) history.replaceState(null, "", hash);
}
