/**
 * Records the cpu-core golden replays (shared/levels/cpu-core/fixtures/stage-*.replay.json), one per stage: the
 * player pastes the game's reference microcode into the stage's families and checks (stage 2 first checks a DAA
 * that forgets the subtraction case, and loses nothing by it); the Tetris stage boots Brickfall and plays it with
 * the golden bot's keys (fixtures/brickfall-golden.input) until GAME OVER. Run only when a rule change is
 * intended (then bump the level version): tests/unit/cpu-core/golden-cpu.test.ts pins each replay's final hash.
 *   npx node scripts/record-cpu-golden.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { recordReplay } from "../shared/engine/replay.ts";
import { act, advance, runStatus, startRun, type Run } from "../shared/engine/run.ts";
import { cpuCore, STAGE_RULES, writableFamilies, type CpuCoreState } from "../shared/levels/cpu-core/index.ts";
import { keysAt, parseInputScript } from "../shared/levels/cpu-core/input-script.ts";
import { REFERENCE_MICROCODE } from "../shared/levels/cpu-core/microcode/index.ts";

const dir = join(import.meta.dirname, "../shared/levels/cpu-core/fixtures");
const GOLDEN_INPUT = parseInputScript(readFileSync(join(dir, "brickfall-golden.input"), "utf8"));

function play(run: Run, action: unknown, think = 2): void {
  for (let i = 0; i < think; i++) advance(run);
  const r = act(run, action);
  if (!r.ok) throw new Error(`${JSON.stringify(action).slice(0, 80)}: ${r.error.message}`);
}

function pasteReference(run: Run, stage: number): void {
  for (const family of writableFamilies(STAGE_RULES[stage - 1]!)) play(run, { type: "edit", family, source: REFERENCE_MICROCODE[family] ?? "" }, 1);
}

/** A DAA that forgets to adjust after a subtraction: the check must catch it. */
export function daaWithoutSubtraction(): string {
  const text = REFERENCE_MICROCODE.daa!;
  const broken = text.replace("A = (A - adj) & 0xFF", "A = A & 0xFF");
  if (broken === text) throw new Error("the reference DAA's subtraction line changed: update this recorder");
  return broken;
}

export function recordStage(stage: number) {
  const run = startRun(cpuCore, stage, 1);
  pasteReference(run, stage);
  if (stage === 2) {
    play(run, { type: "hint" });
    play(run, { type: "edit", family: "daa", source: daaWithoutSubtraction() });
    play(run, { type: "check" });
    play(run, { type: "edit", family: "daa", source: REFERENCE_MICROCODE.daa! });
  }
  play(run, { type: "check" });
  if (STAGE_RULES[stage - 1]!.tetris) {
    play(run, { type: "play" });
    // The golden bot's keys, frame for frame: the same game as on the reference machine, up to its GAME OVER.
    const state = run.state as CpuCoreState;
    for (let f = 0; f < 20_000 && runStatus(run).phase === "playing"; f++) {
      const keys = keysAt(GOLDEN_INPUT, state.play!.frames);
      if (keys !== state.play!.buttons) play(run, { type: "buttons", mask: keys }, 0);
      advance(run);
    }
  }
  if (runStatus(run).phase !== "won") throw new Error(`stage ${stage} ended ${runStatus(run).phase}: ${runStatus(run).text}`);
  return recordReplay(run);
}

if (import.meta.main) {
  for (const rules of STAGE_RULES) {
    const name = `stage-${rules.stage}.replay.json`;
    const replay = recordStage(rules.stage);
    writeFileSync(join(dir, name), JSON.stringify(replay) + "\n");
    console.log(name, replay.finalTick, replay.finalHash, JSON.stringify(replay.metrics));
  }
}
