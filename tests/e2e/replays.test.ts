/**
 * End to end, replays as a player uses them: the real server, the built client in Debian's Chromium
 * (playwright-core), real mouse clicks. Stage 1 with one refused click and a win → the result screen compares the
 * run with everyone's (Pareto chart with the player's point) → the replay shows the refusal as an error marker at
 * its tick → a deep link pins a tick → one step back equals re-simulation at that tick → fork from there, finish
 * the stage on the forked board, and the forked run's stored replay names its origin and verifies → the library
 * lists it and opens it.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SHOTS, useBrowserGame } from "../support/browser.ts";
import { simulate, type Replay } from "../../shared/engine/replay.ts";
import { LEVELS } from "../../shared/levels/index.ts";

const PORT = 39251;

const b = useBrowserGame(PORT, "replays");
const until = b.until;
const hook = <T,>(expr: string) => b.page.evaluate(expr) as Promise<T>;

async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${b.game.url}${path}`, init);
  expect(res.ok, `${path} answered ${res.status}`).toBe(true);
  return await res.json() as T;
}

type BoardView = { tick: number; hash: string; phase: string; log: number } | null;
type ReplayView = { tick: number; finalTick: number; hash: string; finalHash: string; playing: boolean; markers: { actions: number[]; errors: number[] } } | null;
type StatsView = { count: number; front: string[]; player: { x: number; y: number } | null } | null;

/** Clicks the answer's bytes from `from` on, each after the previous one was accepted, until the stage is won. */
async function place(answer: number[], from: number): Promise<BoardView> {
  for (let i = from; i < answer.length; i++) {
    await b.clickPoint(`window.__bma.cellCenter(${answer[i]})`, `byte ${answer[i]}`);
    await until<BoardView>("window.__bma.board()", (b) => b !== null && b.log === i + 1, `placement ${i + 1} accepted`);
  }
  return until<BoardView>("window.__bma.board()", (b) => b !== null && b.phase === "won", "the win");
}

describe("replays in a real browser", () => {
  it("compares, marks the refusal, deep-links a tick, steps back exactly, and forks a run that verifies", async () => {
    const level = LEVELS.get("allocate-fast")!;
    const answer = [0, 4, 8, 16, 18, 24, 32];

    // ---- play stage 1: one refused click, then the win ------------------------------------------------------
    await b.page.goto(b.game.url);
    await until<string>("window.__bma?.scene()", (s) => s === "title", "title screen");
    await b.clickAt("door:allocate-fast");
    await until<string>("window.__bma.scene()", (s) => s === "stages", "stage select");
    await b.page.screenshot({ path: join(SHOTS, "e2e-replays-stages.png") });
    await b.clickAt("stage:1");
    await until<BoardView>("window.__bma.board()", (b) => b !== null && b.phase === "playing", "a live board");
    const before = (await hook<BoardView>("window.__bma.board()"))!.tick;
    await b.clickPoint("window.__bma.cellCenter(2)", "byte 0x02");
    const err = await until<{ code: string } | null>("window.__bma.lastError()", (e) => e !== null, "the rejection");
    expect(err!.code).toBe("E_MISALIGNED");
    const after = (await hook<BoardView>("window.__bma.board()"))!.tick;
    await place(answer, 0);
    await until<string>("window.__bma.scene()", (s) => s === "result", "result screen");

    const listed = await api<{ replays: { id: string }[] }>("/api/replays?level=allocate-fast&stage=1");
    expect(listed.replays).toHaveLength(1);
    const id = listed.replays[0]!.id;
    const { replay } = await api<{ replay: Replay }>(`/api/replays/${id}`);
    expect(replay.notes?.map((n) => n.code)).toEqual(["E_MISALIGNED"]);
    const refusedAt = replay.notes![0]!.tick;
    // The server stamps the refusal with its clock; the page's replica is at most a tick behind it.
    expect(refusedAt).toBeGreaterThanOrEqual(before);
    expect(refusedAt).toBeLessThanOrEqual(after + 1);

    // ---- the result screen compares the run with everyone's verified wins -----------------------------------
    const stats = await until<StatsView>("window.__bma.stats()", (s) => s !== null && s.count >= 1, "the Pareto chart's data");
    const [mx, my] = level.stages[0]!.metrics;
    expect(stats!.player).toEqual({ x: replay.metrics[mx!.key], y: replay.metrics[my!.key] });
    expect(stats!.front).toContain(id);
    expect(await hook("window.__bma.locate('result:pareto')")).not.toBeNull();
    await b.page.screenshot({ path: join(SHOTS, "e2e-replays-result.png") });

    // ---- the replay marks the refusal at its tick -----------------------------------------------------------
    await b.clickAt("result:replay");
    const viewed = await until<ReplayView>("window.__bma.replay()", (r) => r !== null, "replay viewer");
    expect(viewed!.markers.errors).toEqual([refusedAt]);
    expect(viewed!.markers.actions).toEqual([...new Set(replay.actions.map((a) => a.tick))]);

    // ---- a deep link opens the viewer at its tick -----------------------------------------------------------
    const pinned = replay.actions[3]!.tick + 1;
    expect(pinned).toBeLessThan(replay.finalTick);
    await b.page.goto("about:blank");
    await b.page.goto(`${b.game.url}/#/replay/${id}/${pinned}`);
    const opened = await until<ReplayView>("window.__bma?.replay()", (r) => r !== null && r.finalTick > 0, "the deep-linked replay");
    expect(opened!.tick).toBe(pinned);
    expect(opened!.playing).toBe(false);
    await b.page.screenshot({ path: join(SHOTS, "e2e-replays-viewer.png") });

    // ---- one step back with a real click equals re-simulation at that tick -----------------------------------
    await b.clickAt("replay:back");
    const back = await until<ReplayView>("window.__bma.replay()", (r) => r !== null && r.tick === pinned - 1, "one tick back");
    const reference = simulate(level, replay, pinned - 1);
    expect(reference.ok).toBe(true);
    if (!reference.ok) return;
    expect(back!.hash).toBe(level.hash(reference.value.state));
    // While paused, the address pins the tick shown.
    expect(await hook<string>("location.hash")).toBe(`#/replay/${id}/${pinned - 1}`);

    // ---- fork from that tick, finish on the forked board ----------------------------------------------------
    const forkTick = pinned - 1;
    const prefix = replay.actions.filter((a) => a.tick <= forkTick);
    await b.clickAt("replay:fork");
    const forked = await until<BoardView>("window.__bma.board()", (b) => b !== null && b.phase === "playing", "the forked board");
    expect(forked!.log).toBe(prefix.length);
    expect(forked!.tick).toBeGreaterThanOrEqual(forkTick);
    expect(await hook<string>("location.hash")).toBe(`#/fork/${id}/${forkTick}`);
    await b.page.screenshot({ path: join(SHOTS, "e2e-replays-fork.png") });
    await place(answer, prefix.length);
    await until<string>("window.__bma.scene()", (s) => s === "result", "result screen of the fork");

    const now = await api<{ replays: { id: string }[] }>("/api/replays?level=allocate-fast&stage=1");
    expect(now.replays).toHaveLength(2);
    const forkId = now.replays.find((r) => r.id !== id)!.id;
    const fork = (await api<{ replay: Replay }>(`/api/replays/${forkId}`)).replay;
    expect(fork.forkOf).toEqual({ replay: id, tick: forkTick });
    expect(fork.actions.slice(0, prefix.length)).toEqual(prefix);
    const verdict = await api<{ valid: boolean; hashMatches: boolean }>("/api/replays/verify",
      { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(fork) });
    expect(verdict.valid).toBe(true);
    expect(verdict.hashMatches).toBe(true);
    await until<StatsView>("window.__bma.stats()", (s) => s !== null && s.count === 2, "both wins on the chart");

    // ---- the library lists both runs and opens one ----------------------------------------------------------
    await b.clickAt("result:library");
    await until<string>("window.__bma.scene()", (s) => s === "library", "the replay library");
    await until("window.__bma.locate('library:row:1')", (v) => v !== null, "two rows");
    await b.page.screenshot({ path: join(SHOTS, "e2e-replays-library.png") });
    await b.clickAt("library:row:1");
    const reopened = await until<ReplayView>("window.__bma.replay()", (r) => r !== null, "the replay from the library");
    expect(reopened!.finalHash).toBe(replay.finalHash);
    expect(await hook<string>("location.hash")).toBe(`#/replay/${id}/0`);
  }, 90_000);
});
