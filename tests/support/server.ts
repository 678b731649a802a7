/**
 * Test support: a real game server on its own port with a throwaway data directory, and real SDK clients that
 * record every message in arrival order.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, type Room } from "@colyseus/sdk";
import { startGameServer, type GameServer, type GameServerOptions } from "../../server/app.ts";
import { applyStream, newReplica, type Replica } from "../../shared/replica.ts";

export interface TestServer {
  readonly game: GameServer;
  readonly url: string;
  readonly dataDir: string;
  client(): Client;
  newPlayer(nickname: string): Promise<{ id: string; nickname: string; token: string }>;
  stop(): Promise<void>;
}

export async function startTestServer(port: number, options: Omit<GameServerOptions, "port" | "dataDir"> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "bma-test-"));
  const game = await startGameServer({ ...options, port, dataDir });
  return {
    game,
    url: game.url,
    dataDir,
    client: () => new Client(game.url),
    async newPlayer(nickname) {
      const res = await fetch(`${game.url}/api/players`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ nickname }) });
      if (res.status !== 201) throw new Error(`POST /api/players: ${res.status}`);
      return res.json();
    },
    async stop() {
      await game.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Recorded {
  readonly room: Room;
  readonly messages: { type: string; body: any }[];
  readonly replica: Replica;
  of(type: string): any[];
}

/** Records every message and keeps a lockstep replica, exactly as the browser board does. */
export function record(room: Room): Recorded {
  const messages: { type: string; body: any }[] = [];
  const replica = newReplica();
  room.onMessage("*", (type, body: any) => {
    messages.push({ type: String(type), body });
    if (type === "sync" || type === "action" || type === "tick") {
      const out = applyStream(replica, { type, body } as Parameters<typeof applyStream>[1]);
      if (out.desync) room.send("desync", out.desync);
    }
  });
  return { room, messages, replica, of: (type) => messages.filter((m) => m.type === type).map((m) => m.body) };
}

export interface ClassRecorded {
  readonly room: Room;
  readonly messages: { type: string; body: any }[];
  /** A replica per watched board, by board id (dropped on "unwatch"). */
  readonly boards: Map<string, Replica>;
  /** How many hashed ticks each board's stream has carried. */
  readonly hashes: Map<string, number>;
  of(type: string): any[];
}

/** A class-room client: records every message and keeps a replica per watched board, as the browser does. */
export function recordClass(room: Room): ClassRecorded {
  const messages: { type: string; body: any }[] = [];
  const boards = new Map<string, Replica>();
  const hashes = new Map<string, number>();
  const replica = (b: string) => boards.get(b) ?? boards.set(b, newReplica()).get(b)!;
  room.onMessage("*", (type, body: any) => {
    messages.push({ type: String(type), body });
    let out: { desync?: { tick: number; hash: string } }[] = [];
    if (type === "sync") out = [applyStream(replica(body.seat), { type: "sync", body })];
    if (type === "action") out = [applyStream(replica(body.board), { type: "action", body })];
    if (type === "clock") {
      out = body.boards.map((t: any) => applyStream(replica(t.board), { type: "tick", body: t }));
      for (const t of body.boards) if (t.hash) hashes.set(t.board, (hashes.get(t.board) ?? 0) + 1);
    }
    if (type === "unwatch") boards.delete(body.board);
    for (const o of out) if (o.desync) room.send("desync", o.desync);
  });
  return { room, messages, boards, hashes, of: (t) => messages.filter((m) => m.type === t).map((m) => m.body) };
}

export async function waitFor(cond: () => boolean, timeoutMs = 5000, what = "condition"): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
