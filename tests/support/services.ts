/**
 * Test support: private Redis and PostgreSQL servers from Debian's packages (redis-server, postgresql), each on its
 * own port with its data in a temporary directory, stopped by the test that started them. `.ci/run` installs the
 * packages; a missing binary fails with the apt command to run.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitFor } from "./server.ts";

export interface Service {
  readonly url: string;
  stop(): Promise<void>;
}

function need(path: string, pkg: string): string {
  if (!existsSync(path)) throw new Error(`${path} not found: apt-get install -y ${pkg}`);
  return path;
}

export async function startRedis(port: number): Promise<Service> {
  const bin = need("/usr/bin/redis-server", "redis-server");
  const dir = mkdtempSync(join(tmpdir(), "bma-redis-"));
  const child: ChildProcess = spawn(bin, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], { stdio: "ignore" });
  const url = `redis://127.0.0.1:${port}`;
  await waitFor(() => spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).stdout?.trim() === "PONG", 10_000, "redis-server");
  return {
    url,
    stop: () => new Promise((resolve) => {
      child.once("exit", () => { rmSync(dir, { recursive: true, force: true }); resolve(); });
      child.kill("SIGKILL");
    }),
  };
}

function pgBin(name: string): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort() : [];
  return need(join(root, versions[versions.length - 1] ?? "15", "bin", name), "postgresql");
}

/** PostgreSQL refuses to run as root: as root, its tools run as the `postgres` user the package creates. */
function asPostgres(cmd: string, args: string[]) {
  const root = process.getuid?.() === 0;
  const r = root ? spawnSync("runuser", ["-u", "postgres", "--", cmd, ...args], { encoding: "utf8" }) : spawnSync(cmd, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stdout}${r.stderr}`);
}

export async function startPostgres(port: number): Promise<Service> {
  const dir = mkdtempSync(join(tmpdir(), "bma-pg-"));
  const data = join(dir, "data");
  if (process.getuid?.() === 0) {
    const pw = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
    chownSync(dir, Number(pw.stdout), Number(gid.stdout));
    chmodSync(dir, 0o700);
  }
  asPostgres(pgBin("initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  asPostgres(pgBin("pg_ctl"), ["-D", data, "-w", "-l", join(dir, "log"), "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      try { asPostgres(pgBin("pg_ctl"), ["-D", data, "-m", "immediate", "stop"]); } finally { rmSync(dir, { recursive: true, force: true }); }
    },
  };
}
