/**
 * `npm start` / `npm run dev` entry: starts the game server and prints its URL.
 * Environment: PORT (default 2567), BMA_DATA_DIR (default ./data).
 */
import { startGameServer } from "./app.ts";

const port = Number(process.env.PORT ?? 2567);
const dev = process.argv.includes("--dev");
const game = await startGameServer({ port, dev, dataDir: process.env.BMA_DATA_DIR });
console.log(`Bare Metal Arcade is running at ${game.url}`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    game.close().then(() => process.exit(0), () => process.exit(1));
  });
}
