/**
 * Class-room routes: find a live class by its join code, and the results of a class (JSON, or CSV for a
 * spreadsheet) for its host.
 */
import express, { type Response, type Router } from "express";
import { matchMaker } from "@colyseus/core";
import { CLASS_ROOM, CODE_PATTERN, normaliseCode } from "../../shared/class.ts";
import { gameError } from "../../shared/engine/errors.ts";
import { LEVELS } from "../../shared/levels/index.ts";
import { TOKEN_HEADER, TOKEN_PATTERN } from "../../shared/protocol.ts";
import type { ClassResultRow, Store } from "../store/store.ts";


/** One CSV field: quoted when needed, and never read as a formula by a spreadsheet. */
function csvField(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function resultsCsv(level: string, rows: readonly ClassResultRow[], origin: string): string {
  const metricKeys = [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))];
  const stageInfo = (stage: number) => LEVELS.get(level)?.stages.find((s) => s.id === stage);
  const header = ["nickname", "stage", "status", ...metricKeys, "time_s", "failure_classes", "replay"];
  const lines = rows.map((r) => {
    const tickMs = stageInfo(r.stage)?.tickMs ?? 100;
    const failures = Object.entries(r.failures).map(([code, n]) => `${code} x${n}`).join("; ");
    return [r.nickname, r.stage, r.phase, ...metricKeys.map((k) => r.metrics[k] ?? ""), (r.ticks * tickMs) / 1000, failures,
      r.replayId ? `${origin}/#/replay/${r.replayId}` : ""].map(csvField).join(",");
  });
  return [header.join(","), ...lines].join("\r\n") + "\r\n";
}

export function classRouter(store: Store): Router {
  const api = express.Router();

  api.get("/classes/code/:code", async (req, res) => {
    const code = normaliseCode(String(req.params.code));
    if (!CODE_PATTERN.test(code)) return res.status(400).json(gameError("E_BAD_CODE", "A join code has 6 letters and digits (no 0, O, 1, I or L)."));
    const rooms = await matchMaker.query({ name: CLASS_ROOM });
    const room = rooms.find((r) => r.metadata?.code === code);
    if (!room) return res.status(404).json(gameError("E_NO_CLASS", `No live class has the code ${code}.`));
    res.json({ roomId: room.roomId, code, level: room.metadata?.level, clients: room.clients });
  });

  const hostResults = async (req: express.Request, res: Response) => {
    const results = await store.classResults(String(req.params.id).slice(0, 64));
    const token = req.header(TOKEN_HEADER);
    const player = token && TOKEN_PATTERN.test(token) ? await store.playerByToken(token) : null;
    if (!results) {
      res.status(404).json(gameError("E_NOT_FOUND", "No results for that class yet."));
      return null;
    }
    if (!player || player.id !== results.hostPlayerId) {
      res.status(403).json(gameError("E_FORBIDDEN", `Only the class's host may read its results (send the token in ${TOKEN_HEADER}).`));
      return null;
    }
    return results;
  };

  api.get("/classes/:id/results", async (req, res) => {
    const results = await hostResults(req, res);
    if (results) res.json(results);
  });

  api.get("/classes/:id/results.csv", async (req, res) => {
    const results = await hostResults(req, res);
    if (!results) return;
    res.setHeader("content-type", "text/csv; charset=utf-8");
    res.setHeader("content-disposition", `attachment; filename="class-${results.code}-results.csv"`);
    res.send(resultsCsv(results.level, results.rows, `${req.protocol}://${req.get("host")}`));
  });
  return api;
}
