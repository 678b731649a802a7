/**
 * Title: the five machines as five doors, in catalogue order, each with its progress; levels not built yet
 * are shown locked ("coming soon"). The nickname field sits at the top. Number keys open doors.
 */
import Phaser from "phaser";
import type { LevelInfo } from "../../shared/engine/level.ts";
import { CATALOGUE, LEVELS } from "../../shared/levels/index.ts";
import { currentNickname, setNicknameDraft } from "../app/player.ts";
import { stagesWon } from "../app/progress.ts";
import { showRoute } from "../app/router.ts";
import { registerTarget, unregisterTarget } from "../app/targets.ts";
import { COLOURS, FONT_MONO, HEIGHT, mono, sans, WIDTH } from "../app/theme.ts";
import { play } from "../audio/sounds.ts";
import { hatch } from "../boards/allocate-fast/draw.ts";
import { addClassEntry, CLASS_ENTRY_KEYS } from "../class/entry.ts";
import type { KeyHelp } from "../ui/help.ts";
import { NicknameField } from "../ui/nickname.ts";
import { BaseScene } from "./base.ts";

const DOOR_W = 220;
const DOOR_H = 380;
const GAP = 20;
const TOP = 232;

export class TitleScene extends BaseScene {
  private field: NicknameField | null = null;
  private toast: Phaser.GameObjects.Text | null = null;

  constructor() {
    super("title");
  }

  protected keyHelp(): KeyHelp {
    return [["1 – 5", "open a door (a level)"], ["click", "open a door"], ["R", "replays: watch, fork, import"], ...CLASS_ENTRY_KEYS];
  }

  create(): void {
    this.setup();
    showRoute({ scene: "title" });
    this.add.text(WIDTH / 2, 58, "BARE METAL ARCADE", { fontFamily: FONT_MONO, fontSize: "46px", color: "#e6e9ef", resolution: 2 }).setOrigin(0.5);
    this.add.text(WIDTH / 2, 104, "Five machines. Operate them by hand. Every address is real.", sans(17, COLOURS.dim)).setOrigin(0.5);
    this.add.text(WIDTH / 2 - 150, 160, "nickname", mono(14, COLOURS.dim)).setOrigin(1, 0.5);
    this.field = new NicknameField(this.game.canvas, WIDTH / 2 - 135, 142, 270, 36, currentNickname(), setNicknameDraft);
    this.scale.on(Phaser.Scale.Events.RESIZE, this.reflow, this);
    const x0 = (WIDTH - (CATALOGUE.length * DOOR_W + (CATALOGUE.length - 1) * GAP)) / 2;
    CATALOGUE.forEach((info, i) => this.door(info, i, x0 + i * (DOOR_W + GAP)));
    this.add.text(WIDTH / 2, HEIGHT - 40, "1–5 open a door  ·  R replays  ·  Tab focus  ·  ? keys  ·  M sound", mono(13, COLOURS.dim)).setOrigin(0.5);
    this.toast = this.add.text(WIDTH / 2, 200, "", sans(15, COLOURS.pointer)).setOrigin(0.5);
    addClassEntry((spec) => this.button(spec), (key) => this.scene.start(key));
    this.button({ x: WIDTH - 200, y: 64, w: 180, h: 40, label: "Replays", keys: ["r", "R"], target: "title:replays", onPress: () => this.scene.start("library") });
  }

  private reflow(): void {
    this.field?.reposition();
  }

  private door(info: LevelInfo, index: number, x: number): void {
    const level = LEVELS.get(info.id);
    const g = this.add.graphics();
    const y = TOP;
    // An arched door frame; locked doors are hatched and carry a padlock, so state reads without colour.
    g.fillStyle(level ? 0x18202e : 0x12151c, 1).fillRoundedRect(x, y, DOOR_W, DOOR_H, { tl: 90, tr: 90, bl: 4, br: 4 });
    g.lineStyle(2, level ? COLOURS.liveEdge : COLOURS.panelEdge, 1).strokeRoundedRect(x, y, DOOR_W, DOOR_H, { tl: 90, tr: 90, bl: 4, br: 4 });
    if (!level) {
      g.lineStyle(1, COLOURS.panelEdge, 0.6);
      hatch(g, { x: x + 10, y: y + 250, w: DOOR_W - 20, h: DOOR_H - 262 }, 10);
    }
    g.fillStyle(level ? COLOURS.pointer : COLOURS.dim, 1).fillCircle(x + DOOR_W - 24, y + DOOR_H / 2 + 40, 6);
    this.add.text(x + DOOR_W / 2, y + 40, String(index + 1), mono(26, level ? COLOURS.pointer : COLOURS.dim)).setOrigin(0.5);
    this.add.text(x + DOOR_W / 2, y + 96, info.title, sans(19, level ? COLOURS.text : COLOURS.dim, DOOR_W - 24)).setOrigin(0.5, 0.5).setAlign("center");
    this.add.text(x + 14, y + 128, info.blurb, sans(13, level ? COLOURS.text : COLOURS.dim, DOOR_W - 28));
    let status: string;
    if (level) {
      const won = stagesWon(info.id);
      const marks = level.stages.map((s, i) => (i < won ? "■" : "□")).join(" ");
      status = `${marks}\n${won}/${level.stages.length} stages cleared`;
    } else {
      status = "coming soon";
      // A padlock: shackle and body.
      g.lineStyle(3, COLOURS.dim, 1).beginPath();
      g.arc(x + DOOR_W / 2, y + DOOR_H - 86, 10, Math.PI, 0, false);
      g.strokePath();
      g.fillStyle(COLOURS.dim, 1).fillRoundedRect(x + DOOR_W / 2 - 15, y + DOOR_H - 86, 30, 22, 3);
    }
    this.add.text(x + DOOR_W / 2, y + DOOR_H - 44, status, mono(13, level ? COLOURS.text : COLOURS.dim)).setOrigin(0.5).setAlign("center");
    const zone = this.add.zone(x + DOOR_W / 2, y + DOOR_H / 2, DOOR_W, DOOR_H).setInteractive({ useHandCursor: true });
    const open = () => this.open(info);
    zone.on("pointerdown", open);
    this.button({ x: x + 40, y: y + DOOR_H + 12, w: DOOR_W - 80, h: 34, label: level ? "open" : "locked", keys: [String(index + 1)], enabled: true, onPress: open });
    registerTarget(`door:${info.id}`, () => ({ x: x + DOOR_W / 2, y: y + DOOR_H / 2 }));
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => unregisterTarget(`door:${info.id}`));
  }

  private open(info: LevelInfo): void {
    if (!LEVELS.has(info.id)) {
      play("reject");
      this.toast?.setText(`${info.title} is coming soon: only allocate-fast is built so far.`);
      return;
    }
    this.scene.start("stages", { level: info.id });
  }

  protected teardown(): void {
    this.scale.off(Phaser.Scale.Events.RESIZE, this.reflow, this);
    this.field?.destroy();
    this.field = null;
  }
}
