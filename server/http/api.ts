/**
 * The small HTTP API: the level catalogue, players, replays and live rooms. Every failure is a GameError JSON
 * body with a 4xx status; every body is validated before it is used.
 */
import express, { type Request, type Response, type Router } from "express";
import { matchMaker } from "@colyseus/core";
import { gameError, type GameError } from "../../shared/engine/errors.ts";
import { parseReplay, verifyReplay } from "../../shared/engine/replay.ts";
import { int, shape, str } from "../../shared/engine/validate.ts";
import { CATALOGUE, LEVELS } from "../../shared/levels/index.ts";
import { NICKNAME_PATTERN, PLAY_ROOM } from "../../shared/protocol.ts";
import type { Store } from "../store/store.ts";

function send(res: Response, status: number, body: unknown): void {
  res.status(status).json(body);
}

function sendError(res: Response, status: number, error: GameError): void {
  send(res, status, error);
}

const checkNewPlayer = shape({ nickname: str(1, 24, NICKNAME_PATTERN) });
const checkListQuery = shape({ level: str(1, 64, /^[a-z0-9-]+$/), stage: int(1, 99) });

export function apiRouter(store: Store): Router {
  const api = express.Router();
  api.use(express.json({ limit: "2mb" }));

  api.get("/levels", (_req, res) => {
    const levels = CATALOGUE.map((info) => {
      const level = LEVELS.get(info.id);
      return level
        ? { id: level.id, title: level.title, blurb: level.blurb, built: true, version: level.version, stages: level.stages }
        : { id: info.id, title: info.title, blurb: info.blurb, built: false };
    });
    send(res, 200, { levels });
  });

  api.post("/players", (req, res) => {
    const why = checkNewPlayer(req.body, "body");
    if (why) return sendError(res, 400, gameError("E_BAD_REQUEST", why));
    const { player, token } = store.createPlayer((req.body as { nickname: string }).nickname);
    send(res, 201, { id: player.id, nickname: player.nickname, token });
  });

  api.get("/replays", (req: Request, res) => {
    const query = { level: req.query.level, stage: Number(req.query.stage) };
    const why = checkListQuery(query, "query");
    if (why) return sendError(res, 400, gameError("E_BAD_REQUEST", why));
    send(res, 200, { replays: store.listReplays(query.level as string, query.stage, 50) });
  });

  api.get("/replays/:id", (req, res) => {
    const id = String(req.params.id);
    const stored = /^[A-Za-z0-9_-]{1,32}$/.test(id) ? store.getReplay(id) : null;
    if (!stored) return sendError(res, 404, gameError("E_NOT_FOUND", `No replay ${id.slice(0, 32)}.`));
    send(res, 200, { id: stored.id, nickname: stored.nickname, createdAt: stored.createdAt, replay: stored.replay });
  });

  /** Re-simulates an uploaded replay and reports whether it reproduces its final hash; stores nothing. */
  api.post("/replays/verify", (req, res) => {
    const parsed = parseReplay(req.body);
    if (!parsed.ok) return sendError(res, 400, parsed.error);
    send(res, 200, verifyReplay(LEVELS, parsed.value));
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
