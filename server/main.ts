/**
 * `npm start` / `npm run dev` entry: starts the game server and prints its URL.
 * Environment: PORT (default 2567), BMA_DATA_DIR (default ./data); for several processes BMA_DATABASE_URL
 * (postgres://…), BMA_REDIS_URL (redis://…) and BMA_PUBLIC_ADDRESS (this process's host:port as clients reach it).
 */
import { startGameServer } from "./app.ts";

const port = Number(process.env.PORT ?? 2567);
const dev = process.argv.includes("--dev");
const env = process.env;
const game = await startGameServer({
  port, dev, dataDir: env.BMA_DATA_DIR, databaseUrl: env.BMA_DATABASE_URL, redisUrl: env.BMA_REDIS_URL, publicAddress: env.BMA_PUBLIC_ADDRESS,
});
console.log(`Bare Metal Arcade is running at ${game.url}`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    game.close().then(() => process.exit(0), () => process.exit(1));
  });
}
