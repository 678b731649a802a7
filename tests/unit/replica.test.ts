/**
 * The lockstep replica: it follows the server's stream exactly, and it notices when it does not.
 */
import { describe, expect, it } from "vitest";
import { act, advance, startRun } from "../../shared/engine/run.ts";
import { allocateFast } from "../../shared/levels/allocate-fast/index.ts";
import { applyStream, newReplica } from "../../shared/replica.ts";

function sync(seed: number) {
  return { type: "sync" as const, body: { role: "player" as const, seat: "s", level: "allocate-fast", stage: 2, levelVersion: 1, seed, tick: 0, log: [] } };
}

describe("replica", () => {
  it("follows the server's run tick for tick with matching hashes", () => {
    const server = startRun(allocateFast, 2, 77);
    const replica = newReplica();
    applyStream(replica, sync(77));
    for (let i = 0; i < 120; i++) {
      if (i === 40) {
        const r = act(server, { type: "place", addr: 0 });
        expect(r.ok).toBe(true);
        if (r.ok) applyStream(replica, { type: "action", body: { tick: r.value.entry.tick, action: r.value.entry.action, seq: 1 } });
      }
      advance(server);
      const out = applyStream(replica, { type: "tick", body: { tick: server.state.tick, hash: allocateFast.hash(server.state as never) } });
      expect(out.desync).toBeUndefined();
    }
    expect(replica.desyncs).toEqual([]);
  });

  it("reports a desync when the server's hash disagrees (e.g. a replica that missed an action)", () => {
    const server = startRun(allocateFast, 2, 77);
    const replica = newReplica();
    applyStream(replica, sync(77));
    for (let i = 0; i < 25; i++) advance(server);
    act(server, { type: "place", addr: 0 }); // never sent to the replica
    for (let i = 0; i < 10; i++) advance(server);
    let report: { tick: number; hash: string } | undefined;
    for (let i = 0; i < 35 && !report; i++) {
      report = applyStream(replica, { type: "tick", body: { tick: i + 1, ...(i + 1 === 35 ? { hash: allocateFast.hash(server.state as never) } : {}) } }).desync;
    }
    expect(report).toMatchObject({ tick: 35 });
    expect(replica.desyncs).toHaveLength(1);
  });
});
