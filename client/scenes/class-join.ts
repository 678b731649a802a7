/**
 * Joining a class: the join code (pre-filled from #/join/<CODE>) and a nickname, then in as a student (with
 * this browser's player token, created on first play) or as a read-only spectator. Refusals (unknown code,
 * nickname rules, late join, kicked, full) are shown with their codes.
 */
import type Phaser from "phaser";
import { checkNickname, CODE_LENGTH, CODE_PATTERN, NICK_MAX, normaliseCode } from "../../shared/class.ts";
import type { GameError } from "../../shared/engine/errors.ts";
import { noteError } from "../app/hooks.ts";
import { currentNickname, ensurePlayer, setNicknameDraft } from "../app/player.ts";
import { COLOURS, css, mono, sans, WIDTH } from "../app/theme.ts";
import { play } from "../audio/sounds.ts";
import { findClass } from "../class/api.ts";
import { enterClass, leaveClass } from "../class/current.ts";
import { ClassLink } from "../class/link.ts";
import { showClassRoute } from "../class/routes.ts";
import type { KeyHelp } from "../ui/help.ts";
import { TextField } from "../ui/text-field.ts";
import { BaseScene } from "./base.ts";

const FX = WIDTH / 2 - 220;

export class ClassJoinScene extends BaseScene {
  private code = "";
  private codeField: TextField | null = null;
  private nickField: TextField | null = null;
  private status!: Phaser.GameObjects.Text;
  private busy = false;

  constructor() {
    super("class-join");
  }

  init(data: { code?: string }): void {
    this.code = normaliseCode(data.code ?? "");
  }

  protected keyHelp(): KeyHelp {
    return [["Enter", "join as a student"], ["S", "watch as a spectator"], ["Esc", "back"]];
  }

  create(): void {
    this.setup();
    this.busy = false;
    leaveClass();
    showClassRoute({ scene: "class-join", code: this.code });
    this.add.text(WIDTH / 2, 70, "JOIN A CLASS", mono(40, COLOURS.text)).setOrigin(0.5);
    this.add.text(WIDTH / 2, 120, "Type the code your teacher shows on the screen, and the name the class will see.", sans(17, COLOURS.dim)).setOrigin(0.5);
    this.add.text(FX, 172, "JOIN CODE", mono(14, COLOURS.dim));
    const codeOk = (v: string) => (CODE_PATTERN.test(normaliseCode(v)) || v === "" ? null : "6 letters and digits (no 0, O, 1, I or L)");
    this.codeField = new TextField(this.game.canvas, {
      x: FX, y: 194, w: 440, h: 76, label: "join code", value: this.code, placeholder: "ABC234", maxLength: CODE_LENGTH + 2, size: 44,
      check: codeOk, onSubmit: () => this.nickField?.focus(),
    });
    this.codeField.input.style.textTransform = "uppercase";
    this.codeField.input.style.letterSpacing = "0.3em";
    this.add.text(FX, 298, "NICKNAME", mono(14, COLOURS.dim));
    const nick = currentNickname();
    this.nickField = new TextField(this.game.canvas, {
      x: FX, y: 320, w: 440, h: 52, label: "nickname", value: checkNickname(nick).ok ? nick : "", placeholder: "your name", maxLength: NICK_MAX, size: 24,
      check: (v) => { const r = checkNickname(v); return r.ok ? null : r.error.message; }, onSubmit: () => void this.join("student"),
    });
    this.button({ x: FX, y: 404, w: 440, h: 60, label: "Join as a student", keys: ["Enter"], target: "class:join", onPress: () => void this.join("student") });
    this.button({ x: FX, y: 478, w: 212, h: 44, label: "Watch (spectator)", keys: ["s", "S"], target: "class:spectate", onPress: () => void this.join("spectator") });
    this.button({ x: FX + 228, y: 478, w: 212, h: 44, label: "Back", keys: ["Escape"], onPress: () => this.scene.start("title") });
    this.status = this.add.text(WIDTH / 2, 552, "", sans(16, COLOURS.dim, 900)).setOrigin(0.5, 0).setAlign("center");
    if (!this.code) this.codeField.focus();
    else this.nickField.focus();
  }

  private async join(role: "student" | "spectator"): Promise<void> {
    if (this.busy || !this.codeField || !this.nickField) return;
    const nickname = this.nickField.value.trim();
    const nick = checkNickname(nickname);
    if (!nick.ok) return this.fail(nick.error);
    this.busy = true;
    this.status.setText("looking for the class…").setColor(css(COLOURS.dim));
    const found = await findClass(this.codeField.value);
    if (!this.sys.isActive()) return;
    if (!found.ok) return this.fail(found.error);
    let token: string | undefined;
    if (role === "student") {
      setNicknameDraft(nick.value);
      const player = await ensurePlayer();
      if (!this.sys.isActive()) return;
      if (!player.ok) return this.fail(player.error);
      token = player.value.token;
    }
    const link = await ClassLink.join(found.value.roomId, role, nick.value, token);
    if (!link.ok) return this.fail(link.error);
    if (!this.sys.isActive()) return link.value.close();
    enterClass(link.value);
    this.scene.start(role === "student" ? "class-student" : "class-spectate", { code: found.value.code });
  }

  private fail(error: GameError): void {
    this.busy = false;
    noteError(error);
    play("reject");
    if (this.sys.isActive()) this.status.setText(`✗ ${error.code}  ${error.message}`).setColor(css(COLOURS.error));
  }

  protected teardown(): void {
    this.codeField?.destroy();
    this.nickField?.destroy();
    this.codeField = null;
    this.nickField = null;
  }
}
