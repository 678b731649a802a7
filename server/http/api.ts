/**
 * The small HTTP API: the level catalogue, players, replays (list, open, export, import, verify), comparison
 * (histograms, Pareto front, leaderboards, personal bests) and live rooms. Every failure is a GameError JSON body
 * with a 4xx status; every input is validated before it is used.
 */
import express, { type Request, type Response, type Router } from "express";
import { matchMaker } from "@colyseus/core";
import { histogram, paretoFront, rank } from "../../shared/engine/compare.ts";
import { gameError, type GameError } from "../../shared/engine/errors.ts";
import type { AnyLevel, MetricInfo } from "../../shared/engine/level.ts";
import { parseReplay, verifyReplay } from "../../shared/engine/replay.ts";
import { int, optional, shape, str, type Check } from "../../shared/engine/validate.ts";
import { CATALOGUE, LEVELS, RULES } from "../../shared/levels/index.ts";
import { NICKNAME_PATTERN, PLAY_ROOM, TOKEN_HEADER, TOKEN_PATTERN } from "../../shared/protocol.ts";
import type { Player, Store } from "../store/store.ts";

const LIST_LIMIT = 50;
/** How many verified results a comparison looks at (the newest). */
const POPULATION = 5000;

function send(res: Response, status: number, body: unknown): void {
  res.status(status).json(body);
}

function sendError(res: Response, status: number, error: GameError): void {
  send(res, status, error);
}

const ID = /^[A-Za-z0-9_-]{1,32}$/;
const LEVEL_ID = /^[a-z0-9-]+$/;
const checkNewPlayer = shape({ nickname: str(1, 24, NICKNAME_PATTERN) });
const checkList = shape({
  level: optional(str(1, 64, LEVEL_ID)), stage: optional(int(1, 99)), player: optional(str(1, 24, NICKNAME_PATTERN)),
  room: optional(str(1, 32, ID)), phase: optional(str(1, 10, /^(won|lost|playing)$/)),
});
const checkStage = shape({
  level: str(1, 64, LEVEL_ID), stage: int(1, 99), room: optional(str(1, 32, ID)),
  x: optional(str(1, 32, /^[A-Za-z]+$/)), y: optional(str(1, 32, /^[A-Za-z]+$/)), metric: optional(str(1, 32, /^[A-Za-z]+$/)),
});

/** Query strings arrive as strings; numbers named here are converted before validation. */
function query(req: Request, numeric: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(req.query)) {
    if (typeof v !== "string") out[k] = v;
    else out[k] = numeric.includes(k) && /^\d+$/.test(v) ? Number(v) : v;
  }
  return out;
}

function validated<T>(res: Response, check: Check, value: unknown, what: string): T | null {
  const why = check(value, what);
  if (why) {
    sendError(res, 400, gameError("E_BAD_REQUEST", why));
    return null;
  }
  return value as T;
}

function stageOf(res: Response, levelId: string, stage: number): { level: AnyLevel; metrics: readonly MetricInfo[] } | null {
  const level = LEVELS.get(levelId);
  const info = level?.stages.find((s) => s.id === stage);
  if (!level || !info) {
    sendError(res, 404, gameError("E_UNKNOWN_STAGE", `No built stage ${levelId} ${stage}.`));
    return null;
  }
  return { level, metrics: info.metrics };
}

export function apiRouter(store: Store): Router {
  const api = express.Router();
  api.use(express.json({ limit: "2mb" }));

  const playerOf = async (req: Request): Promise<Player | null> => {
    const token = req.header(TOKEN_HEADER);
    return token && TOKEN_PATTERN.test(token) ? store.playerByToken(token) : null;
  };

  api.get("/levels", async (_req, res) => {
    const levels = CATALOGUE.map((info) => {
      const level = LEVELS.get(info.id);
      return level
        ? { id: level.id, title: level.title, blurb: level.blurb, built: true, version: level.version, stages: level.stages }
        : { id: info.id, title: info.title, blurb: info.blurb, built: false };
    });
    send(res, 200, { levels });
  });

  api.post("/players", async (req, res) => {
    const body = validated<{ nickname: string }>(res, checkNewPlayer, req.body, "body");
    if (!body) return;
    const { player, token } = await store.createPlayer(body.nickname);
    send(res, 201, { id: player.id, nickname: player.nickname, token });
  });

  /** The signed-in player's best verified result per stage. */
  api.get("/players/me", async (req, res) => {
    const player = await playerOf(req);
    if (!player) return sendError(res, 401, gameError("E_UNKNOWN_PLAYER", `Send the player token in the ${TOKEN_HEADER} header.`));
    const bests = [];
    for (const level of LEVELS.values()) {
      for (const stage of level.stages) {
        const mine = (await store.scores(level.id, stage.id, undefined, POPULATION)).filter((r) => r.playerId === player.id);
        if (mine.length) bests.push({ level: level.id, stage: stage.id, best: rank(mine, stage.metrics[0]!)[0] });
      }
    }
    send(res, 200, { id: player.id, nickname: player.nickname, bests });
  });

  api.get("/replays", async (req, res) => {
    const q = validated<{ level?: string; stage?: number; player?: string; room?: string; phase?: string }>(res, checkList, query(req, ["stage"]), "query");
    if (!q) return;
    send(res, 200, { replays: await store.listReplays({ level: q.level, stage: q.stage, nickname: q.player, roomId: q.room, phase: q.phase, limit: LIST_LIMIT }) });
  });

  /** Uploads a replay file; it is stored only if re-simulation reproduces its final hash. */
  api.post("/replays", async (req, res) => {
    const parsed = parseReplay(req.body);
    if (!parsed.ok) return sendError(res, 400, parsed.error);
    const check = verifyReplay(LEVELS, parsed.value);
    if (!check.valid) return send(res, 422, { ...(check.error ?? gameError("E_INVALID_REPLAY", "The replay does not verify.")), verification: check });
    const player = await playerOf(req);
    const id = await store.saveReplay({ ...parsed.value, metrics: check.metrics }, player, player?.nickname ?? "imported", { source: "imported" });
    send(res, 201, { id, verification: check });
  });

  api.get("/replays/:id", async (req, res) => {
    const id = String(req.params.id);
    const stored = ID.test(id) ? await store.getReplay(id) : null;
    if (!stored) return sendError(res, 404, gameError("E_NOT_FOUND", `No replay ${id.slice(0, 32)}.`));
    send(res, 200, { id: stored.id, nickname: stored.nickname, createdAt: stored.createdAt, roomId: stored.roomId, source: stored.source, replay: stored.replay });
  });

  /** The replay as a file to keep or to hand to `bma replay verify`. */
  api.get("/replays/:id/file", async (req, res) => {
    const id = String(req.params.id);
    const stored = ID.test(id) ? await store.getReplay(id) : null;
    if (!stored) return sendError(res, 404, gameError("E_NOT_FOUND", `No replay ${id.slice(0, 32)}.`));
    res.setHeader("content-disposition", `attachment; filename="${stored.replay.level}-stage${stored.replay.stage}-${stored.id}.replay.json"`);
    send(res, 200, stored.replay);
  });

  /** Re-simulates an uploaded replay and reports whether it reproduces its final hash; stores nothing. */
  api.post("/replays/verify", async (req, res) => {
    const parsed = parseReplay(req.body);
    if (!parsed.ok) return sendError(res, 400, parsed.error);
    send(res, 200, verifyReplay(RULES, parsed.value));
  });

  /**
   * Comparison for a stage (the world, or one room): a histogram per metric, the points, and the Pareto front over
   * two metrics (default: the stage's first two). Only verified wins count.
   */
  api.get("/stats", async (req, res) => {
    const q = validated<{ level: string; stage: number; room?: string; x?: string; y?: string }>(res, checkStage, query(req, ["stage"]), "query");
    if (!q) return;
    const found = stageOf(res, q.level, q.stage);
    if (!found) return;
    const { metrics } = found;
    const byKey = new Map(metrics.map((m) => [m.key, m]));
    const x = byKey.get(q.x ?? metrics[0]!.key);
    const y = byKey.get(q.y ?? (metrics[1] ?? metrics[0])!.key);
    if (!x || !y) return sendError(res, 400, gameError("E_BAD_REQUEST", `x and y must be metrics of this stage: ${metrics.map((m) => m.key).join(", ")}.`));
    const rows = await store.scores(q.level, q.stage, q.room, POPULATION);
    const points = rows.map((r) => ({ id: r.id, nickname: r.nickname, metrics: r.metrics }));
    const front = paretoFront(rows.map((r) => ({ id: r.id, x: r.metrics[x.key] ?? 0, y: r.metrics[y.key] ?? 0 })), [x.better, y.better]);
    send(res, 200, {
      count: rows.length, x: x.key, y: y.key,
      metrics: metrics.map((m) => ({ ...m, histogram: histogram(rows.map((r) => r.metrics[m.key] ?? 0)) })),
      points: points.slice(0, 500),
      front: front.map((p) => p.id),
    });
  });

  /** Best verified result per player on one metric (default the stage's first), ties broken by time. */
  api.get("/leaderboard", async (req, res) => {
    const q = validated<{ level: string; stage: number; room?: string; metric?: string }>(res, checkStage, query(req, ["stage"]), "query");
    if (!q) return;
    const found = stageOf(res, q.level, q.stage);
    if (!found) return;
    const metric = found.metrics.find((m) => m.key === (q.metric ?? found.metrics[0]!.key));
    if (!metric) return sendError(res, 400, gameError("E_BAD_REQUEST", `metric must be one of ${found.metrics.map((m) => m.key).join(", ")}.`));
    const ranked = rank(await store.scores(q.level, q.stage, q.room, POPULATION), metric);
    const seen = new Set<string>();
    const best = ranked.filter((r) => {
      const who = r.playerId ?? `nick:${r.nickname}`;
      if (seen.has(who)) return false;
      seen.add(who);
      return true;
    });
    send(res, 200, { metric: metric.key, rows: best.slice(0, LIST_LIMIT).map((r, i) => ({ rank: i + 1, replayId: r.id, nickname: r.nickname, metrics: r.metrics })) });
  });

  /** Live play rooms, for spectators. */
  api.get("/rooms", async (_req, res) => {
    const rooms = await matchMaker.query({ name: PLAY_ROOM });
    send(res, 200, { rooms: rooms.map((r) => ({ roomId: r.roomId, clients: r.clients, metadata: r.metadata })) });
  });

  api.use((_req: Request, res: Response) => sendError(res, 404, gameError("E_NOT_FOUND", "No such API route.")));
  // Express recognises an error handler by its four parameters.
  api.use((err: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    const tooLarge = typeof err === "object" && err !== null && (err as { type?: string }).type === "entity.too.large";
    if (tooLarge) return sendError(res, 413, gameError("E_TOO_LARGE", "The request body is too large."));
    sendError(res, 400, gameError("E_BAD_REQUEST", "The request body is not valid JSON."));
  });
  return api;
}
