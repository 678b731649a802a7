/**
 * Host setup: pick a built level, the sequence of stages (in the order clicked), a time limit and late join,
 * then create the class. Choices live in the scene data, so each change restarts the screen with them.
 */
import type Phaser from "phaser";
import type { AnyLevel } from "../../shared/engine/level.ts";
import { LEVELS } from "../../shared/levels/index.ts";
import { BOARDS } from "../boards/index.ts";
import { currentNickname, ensurePlayer } from "../app/player.ts";
import { COLOURS, mono, sans, WIDTH } from "../app/theme.ts";
import { enterClass } from "../class/current.ts";
import { ClassLink } from "../class/link.ts";
import { showClassRoute } from "../class/routes.ts";
import type { KeyHelp } from "../ui/help.ts";
import { BaseScene } from "./base.ts";
import { heading } from "./class-base.ts";

export interface SetupData {
  level?: string;
  stages?: number[];
  limitMin?: number;
  lateJoin?: boolean;
}

const LIMITS = [0, 5, 10, 15, 20, 30, 45];

/** Levels a class can play here: built, and with a board this client can draw. */
function classLevels(): AnyLevel[] {
  return [...LEVELS.values()].filter((l) => BOARDS.has(l.id));
}
const X = 120;
const COLS = 4;
const PITCH = 54;
const W = WIDTH - 2 * X;

export class ClassSetupScene extends BaseScene {
  private choice: Required<SetupData> = { level: "", stages: [], limitMin: 0, lateJoin: true };
  private busy = false;
  private status!: Phaser.GameObjects.Text;

  constructor() {
    super("class-setup");
  }

  init(data: SetupData): void {
    const level = classLevels().find((l) => l.id === data.level) ?? classLevels()[0]!;
    this.choice = {
      level: level.id,
      stages: data.stages ?? level.stages.slice(0, 2).map((s) => s.id),
      limitMin: data.limitMin ?? 10,
      lateJoin: data.lateJoin ?? true,
    };
  }

  protected keyHelp(): KeyHelp {
    return [["1 – 9", "add or remove that stage"], ["T", "next time limit"], ["L", "late join on / off"], ["Enter", "create the class"], ["Esc", "back"]];
  }

  create(): void {
    this.setup();
    this.busy = false;
    showClassRoute({ scene: "class-setup" });
    const c = this.choice;
    const level = LEVELS.get(c.level)!;
    this.add.text(X, 32, "HOST A CLASS", mono(34, COLOURS.text));
    this.add.text(X, 80, `You host as "${currentNickname()}". Students join with a 6-letter code; a projector can follow any board.`, sans(16, COLOURS.dim, W));

    heading(this, X, 124, "LEVEL");
    classLevels().forEach((l, i) => this.button({
      x: X + i * 270, y: 146, w: 250, h: 48, label: `${l.id === c.level ? "● " : "○ "}${l.title}`, target: `class:level:${l.id}`,
      onPress: () => this.restart({ level: l.id, stages: l.stages.slice(0, 2).map((s) => s.id) }),
    }));

    heading(this, X, 216, "STAGES, IN THE ORDER PLAYED  (click to add or remove)");
    this.stageButtons(level, 238);

    const y = 238 + Math.ceil(level.stages.length / COLS) * PITCH + 16;
    heading(this, X, y, "TIME LIMIT PER ROUND");
    LIMITS.forEach((m, i) => this.button({
      x: X + i * 112, y: y + 22, w: 100, h: 40, label: `${m === c.limitMin ? "● " : ""}${m ? `${m} min` : "none"}`,
      onPress: () => this.restart({ limitMin: m }),
    }));
    heading(this, X + 820, y, "LATE JOIN");
    this.button({
      x: X + 820, y: y + 22, w: 220, h: 40, label: c.lateJoin ? "■ allowed" : "□ not allowed", keys: ["l", "L"],
      onPress: () => this.restart({ lateJoin: !c.lateJoin }),
    });

    const by = y + 90;
    this.button({ x: WIDTH / 2 - 160, y: by, w: 320, h: 60, label: "Create class", sub: c.stages.length ? `stages ${c.stages.join(" → ")}` : "pick a stage first",
      keys: ["Enter"], target: "class:host", enabled: c.stages.length > 0, onPress: () => void this.createClass() });
    this.button({ x: X, y: by + 10, w: 140, h: 40, label: "Back", keys: ["Escape"], onPress: () => this.scene.start("title") });
    this.status = this.add.text(WIDTH / 2, by + 70, "", sans(15, COLOURS.dim)).setOrigin(0.5, 0);
  }

  private stageButtons(level: AnyLevel, y0: number): void {
    const c = this.choice;
    const w = W / COLS - 10;
    level.stages.forEach((s, i) => {
      const at = c.stages.indexOf(s.id);
      const x = X + (i % COLS) * (W / COLS);
      const y = y0 + Math.floor(i / COLS) * PITCH;
      this.button({
        x, y, w, h: PITCH - 8, label: "", ...(s.id <= 9 ? { keys: [String(s.id)] } : {}), target: `class:stage:${s.id}`,
        onPress: () => this.restart({ stages: at >= 0 ? c.stages.filter((x) => x !== s.id) : [...c.stages, s.id] }),
      });
      const label = this.add.text(x + 24, y + (PITCH - 8) / 2, "", sans(15, at >= 0 ? COLOURS.text : COLOURS.dim)).setOrigin(0, 0.5);
      fitText(label, `${at >= 0 ? "■" : "□"} ${s.id}. ${s.title}`, w - (at >= 0 ? 64 : 32));
      if (at >= 0) this.add.text(x + w - 10, y + (PITCH - 8) / 2, ordinal(at + 1), mono(13, COLOURS.pointer)).setOrigin(1, 0.5);
    });
  }

  protected onKey(e: KeyboardEvent): boolean {
    if (e.key === "t" || e.key === "T") {
      this.restart({ limitMin: LIMITS[(LIMITS.indexOf(this.choice.limitMin) + 1) % LIMITS.length]! });
      return true;
    }
    return false;
  }

  private restart(change: SetupData): void {
    if (!this.busy) this.scene.restart({ ...this.choice, ...change });
  }

  private async createClass(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.status.setText("creating the class…").setColor("#8a93a6");
    const player = await ensurePlayer();
    if (!this.sys.isActive()) return;
    if (!player.ok) return this.fail(`${player.error.code}  ${player.error.message}`);
    const c = this.choice;
    const link = await ClassLink.host({
      nickname: player.value.nickname, token: player.value.token, level: c.level, stages: c.stages, lateJoin: c.lateJoin,
      ...(c.limitMin ? { timeLimitSec: c.limitMin * 60 } : {}),
    });
    if (!link.ok) return this.fail(`${link.error.code}  ${link.error.message}`);
    if (!this.sys.isActive()) return link.value.close();
    enterClass(link.value);
    this.scene.start("class-lobby");
  }

  private fail(text: string): void {
    this.busy = false;
    if (this.sys.isActive()) this.status.setText(`✗ ${text}`).setColor("#d55e00");
  }
}

/** Sets the text, shortened with "…" until it fits `max` pixels. */
function fitText(t: Phaser.GameObjects.Text, text: string, max: number): void {
  t.setText(text);
  for (let n = text.length - 1; t.width > max && n > 4; n--) t.setText(text.slice(0, n).trimEnd() + "…");
}

function ordinal(n: number): string {
  return n === 1 ? "1st" : n === 2 ? "2nd" : n === 3 ? "3rd" : `${n}th`;
}
