/**
 * The class this browser is in (one at a time). Scenes come and go; the link stays until the player leaves the
 * class. Publishes window.__bma.classInfo() while a class is open.
 */
import { publishClass, type ClassProbe } from "../app/hooks.ts";
import type { ClassLink } from "./link.ts";

let link: ClassLink | null = null;

export function currentClass(): ClassLink | null {
  return link;
}

export function enterClass(l: ClassLink): void {
  if (link && link !== l) link.close();
  link = l;
  publishClass(() => probe(l));
}

export function leaveClass(): void {
  link?.close();
  link = null;
  publishClass(null);
}

function probe(l: ClassLink): ClassProbe {
  const s = l.snap;
  const info: ClassProbe = {
    role: l.role, code: s.code, phase: s.phase, students: s.students, spectators: s.spectators, boards: l.replicas.size,
  };
  if (l.role === "student") {
    const mine = l.results?.rows.find((r) => r.board === l.me);
    info.rank = mine?.rank ?? s.seats.find((m) => m.id === l.me)?.rank ?? 0;
  }
  if (l.role === "host") {
    info.failures = Object.fromEntries([...l.failures.values()].map((f) => [f.nickname, { ...f.failures }]));
  }
  if (l.results) {
    info.results = l.results.rows.map((r) => ({ nickname: r.nickname, rank: r.rank, phase: r.phase }));
    info.csv = l.results.csv;
  }
  return info;
}
