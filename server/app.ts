/**
 * Builds the whole game server on one port: Colyseus rooms over WebSocket, the HTTP API under /api, and the
 * client (the built bundle from dist/, or Vite's dev middleware with --dev). The embedded default is one process
 * with in-memory presence and a SQLite file; `redisUrl` + `databaseUrl` + `publicAddress` make it one of several.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import express from "express";
import { defineRoom, defineServer, type Server } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import { CLASS_ROOM } from "../shared/class.ts";
import { DUEL_ROOM, PLAY_ROOM } from "../shared/protocol.ts";
import { apiRouter } from "./http/api.ts";
import { classRouter } from "./http/classes.ts";
import { defineClassRoom } from "./rooms/class-room.ts";
import { defineDuelRoom } from "./rooms/duel-room.ts";
import { definePlayRoom } from "./rooms/play-room.ts";
import { createLimiter, DEFAULT_RATE, type RateLimit } from "./rate-limit.ts";
import { createStepPool } from "./step-worker.ts";
import { openPostgresStore } from "./store/postgres.ts";
import { openSqliteStore } from "./store/sqlite.ts";
import type { Store } from "./store/store.ts";

export const ROOT = resolve(import.meta.dirname, "..");

export interface GameServerOptions {
  readonly port: number;
  /** Directory for the SQLite file (default: data/ under the project). Ignored when `databaseUrl` is set. */
  readonly dataDir?: string;
  /** A postgres:// URL: use PostgreSQL instead of the embedded SQLite file (for several processes). */
  readonly databaseUrl?: string;
  /** A redis:// URL: share presence and matchmaking with other processes through Redis (RedisPresence + RedisDriver). */
  readonly redisUrl?: string;
  /** host:port clients use to reach this process; each process of a multi-process deployment needs its own. */
  readonly publicAddress?: string;
  /** Serve the client through Vite's dev middleware instead of dist/. */
  readonly dev?: boolean;
  /** Directory of the built client (default: dist/ under the project). */
  readonly staticDir?: string;
  /** Per-client message rate (default: RATE_PER_SECOND with RATE_BURST); the fuzzer raises it to reach the rules. */
  readonly rate?: RateLimit;
  /** Largest WebSocket frame accepted; larger frames close the connection before any decoding. */
  readonly maxPayload?: number;
}

export interface GameServer {
  readonly server: Server;
  readonly store: Store;
  readonly url: string;
  close(): Promise<void>;
}

export async function startGameServer(options: GameServerOptions): Promise<GameServer> {
  const store = options.databaseUrl
    ? await openPostgresStore(options.databaseUrl)
    : openSqliteStore(join(resolve(options.dataDir ?? join(ROOT, "data")), "bma.sqlite"));
  const scaleOut = options.redisUrl
    ? { presence: new RedisPresence(options.redisUrl), driver: new RedisDriver(options.redisUrl) }
    : {};
  const steps = createStepPool();
  const roomContext = { store, limiter: createLimiter(options.rate ?? DEFAULT_RATE, () => Date.now()), steps };
  const PlayRoom = definePlayRoom(roomContext);
  const ClassRoom = defineClassRoom(roomContext);
  const DuelRoom = defineDuelRoom(roomContext);
  let closeVite: () => Promise<void> = async () => {};

  const server = defineServer({
    rooms: { [PLAY_ROOM]: defineRoom(PlayRoom), [CLASS_ROOM]: defineRoom(ClassRoom), [DUEL_ROOM]: defineRoom(DuelRoom) },
    transport: new WebSocketTransport({ maxPayload: options.maxPayload ?? 16 * 1024 }),
    greet: false,
    gracefullyShutdown: false,
    ...scaleOut,
    ...(options.publicAddress ? { publicAddress: options.publicAddress } : {}),
    express: async (app) => {
      app.use("/api", classRouter(store), apiRouter(store));
      if (options.dev) {
        const { createServer } = await import("vite");
        const vite = await createServer({ configFile: join(ROOT, "vite.config.ts"), server: { middlewareMode: true }, appType: "spa" });
        closeVite = () => vite.close();
        app.use((req, res, next) => (req.path.startsWith("/matchmake") ? next() : vite.middlewares(req, res, next)));
      } else {
        const dist = resolve(options.staticDir ?? join(ROOT, "dist"));
        if (!existsSync(join(dist, "index.html"))) console.warn("[server] dist/ has no build: run `npm run build` (npm start does it for you).");
        app.use(express.static(dist, { index: "index.html", maxAge: "1h" }));
      }
    },
  });
  await server.listen(options.port);
  return {
    server,
    store,
    url: `http://localhost:${options.port}`,
    async close() {
      await server.gracefullyShutdown(false);
      await closeVite();
      await steps.close();
      await store.close();
    },
  };
}
