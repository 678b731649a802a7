/**
 * A race-free-queue duel in the browser. Without a room: the lobby (create a duel on a stage, or type a duel's room
 * id to join it). In a room: a lockstep replica of the duel (net/session.ts, like a play board) drawn with the
 * race-free-queue board — the author's editor while the author writes, the breaker's scheduler board over the
 * submitted program once it is in — with whose turn it is, the clock, the link to share, and after the round the
 * verdict with the checker's ground truth. The board proposes moves only on this browser's own turn; the server
 * stamps every move with the sender's seat and refuses the rest.
 */
import type Phaser from "phaser";
import type { GameError } from "../../shared/engine/errors.ts";
import type { LevelEvent } from "../../shared/engine/level.ts";
import type { Run } from "../../shared/engine/run.ts";
import { DUEL_STAGES, ticksLeft, turnOf, type DuelState } from "../../shared/levels/race-free-queue/duel.ts";
import { TICK_MS } from "../../shared/levels/race-free-queue/stages.ts";
import type { ServerMessages } from "../../shared/protocol.ts";
import { noteError, publishBoard, publishDuel } from "../app/hooks.ts";
import { currentNickname, ensurePlayer } from "../app/player.ts";
import { routeUrl, showRoute } from "../app/router.ts";
import { COLOURS, css, mono, sans, WIDTH } from "../app/theme.ts";
import { play } from "../audio/sounds.ts";
import type { BoardView } from "../boards/board.ts";
import { createQueueBoard } from "../boards/race-free-queue/index.ts";
import { PlaySession } from "../net/session.ts";
import type { KeyHelp } from "../ui/help.ts";
import { TextField } from "../ui/text-field.ts";
import { BaseScene } from "./base.ts";
import { publishReplica, refusal, soundEvents } from "./live-run.ts";

export type DuelData = { room?: string; stage?: number };

const ROOM_ID = /^[A-Za-z0-9_-]{1,32}$/;

export class DuelScene extends BaseScene {
  private data_: DuelData = {};
  private session: PlaySession | null = null;
  private view: BoardView | null = null;
  private viewKey = "";
  private seat = "";
  private connection = "connecting";
  private field: TextField | null = null;
  private title!: Phaser.GameObjects.Text;
  private status!: Phaser.GameObjects.Text;
  private message!: Phaser.GameObjects.Text;
  private verdict: Phaser.GameObjects.Text | null = null;

  constructor() {
    super("duel");
  }

  init(data: DuelData): void {
    this.data_ = data ?? {};
  }

  protected keyHelp(): KeyHelp {
    return [
      ["Author: ↑↓ ←→", "pick an ordering site and its ordering"],
      ["Author: C / S", "run the checker / submit the queue"],
      ["Breaker: 1–4, ←→", "pick a thread and what its next step reads"],
      ["Breaker: Enter / N", "step / restart the execution"],
      ["G", "give up (breaker) or resign (author)"],
      ["Esc", "leave"],
    ];
  }

  create(): void {
    this.setup();
    this.view = null;
    this.viewKey = "";
    this.seat = "";
    this.verdict = null;
    this.title = this.add.text(16, 6, "race-free queue · DUEL", mono(15, COLOURS.text));
    this.status = this.add.text(WIDTH - 200, 8, "", mono(12, COLOURS.dim)).setOrigin(1, 0);
    this.message = this.add.text(16, 26, "", sans(12, COLOURS.dim, WIDTH - 420)).setMaxLines(2);
    publishDuel(() => this.probe());
    if (this.data_.room || this.data_.stage) void this.connect();
    else this.lobby();
  }

  // ---- the lobby --------------------------------------------------------------------------------------------

  private lobby(): void {
    showRoute({ scene: "duel" });
    this.add.text(120, 70, "Duel: one player writes a queue, the other breaks it as the scheduler. The checker referees.", sans(18, COLOURS.text, WIDTH - 240));
    this.add.text(120, 130, "Create a duel on a stage (you take the first free seat: the author; share the link with the breaker):", sans(14, COLOURS.dim, WIDTH - 240));
    DUEL_STAGES.forEach((s, i) => {
      this.button({ x: 120 + i * 212, y: 160, w: 200, h: 64, label: `${s.id}. ${s.title}`, keys: [String(s.id)], target: `duel:create:${s.id}`,
        onPress: () => this.scene.restart({ stage: s.id }) });
    });
    this.add.text(120, 270, "Or join a duel by its room id:", sans(14, COLOURS.dim));
    this.field = new TextField(this.game.canvas, {
      x: 120, y: 300, w: 400, h: 40, label: "duel room id", placeholder: "room id", maxLength: 32,
      check: (v) => (ROOM_ID.test(v.trim()) ? null : "letters, digits, _ and -"), onSubmit: () => this.joinTyped(),
    });
    this.button({ x: 540, y: 298, w: 160, h: 44, label: "Join", target: "duel:join", onPress: () => this.joinTyped() });
    this.button({ x: 120, y: 648, w: 200, h: 44, label: "Back", keys: ["Escape"], target: "duel:back", onPress: () => this.scene.start("stages", { level: "race-free-queue" }) });
  }

  private joinTyped(): void {
    const id = this.field?.value.trim() ?? "";
    if (!ROOM_ID.test(id)) return this.say({ code: "E_BAD_ROOM", message: "A duel room id is letters, digits, _ and -." });
    this.scene.restart({ room: id });
  }

  // ---- the room ---------------------------------------------------------------------------------------------

  private async connect(): Promise<void> {
    const player = await ensurePlayer();
    if (!this.sys.isActive()) return;
    if (!player.ok) return this.say(player.error);
    const { nickname, token } = player.value;
    const session = new PlaySession({
      synced: (run, msg) => this.synced(run, msg),
      events: (run, events) => this.onEvents(run, events),
      rejected: (error) => { play("reject"); this.say(error); },
      diverged: (d) => this.say({ code: "E_DESYNC", message: `this replica's hash ${d.hash} ≠ server ${d.expected} at tick ${d.tick}` }),
      finished: (msg) => this.finished(msg),
      connection: (state, detail) => {
        this.connection = state;
        this.refresh();
        if (state === "offline" && detail) this.say(refusal(detail));
      },
    });
    this.session = session;
    publishReplica(() => this.session?.run);
    await session.open(this.data_.room ? { role: "duel", nickname, token, roomId: this.data_.room } : { role: "duel", nickname, token, stage: this.data_.stage ?? 2 });
    const roomId = session.room?.roomId;
    if (roomId && this.sys.isActive()) showRoute({ scene: "duel", room: roomId });
    // Below the board's click zone (the machine area reaches down to y = 684).
    this.button({ x: WIDTH - 196, y: 686, w: 180, h: 32, label: "Give up", keys: ["g", "G"], target: "duel:resign", onPress: () => this.session?.act({ type: "resign" }, null) });
    this.button({ x: WIDTH - 392, y: 686, w: 180, h: 32, label: "Submit", target: "duel:submit", onPress: () => this.session?.act({ type: "submit" }, null) });
  }

  private duel(): DuelState | null {
    return (this.session?.run?.state as DuelState | undefined) ?? null;
  }

  private synced(run: Run, msg: ServerMessages["sync"]): void {
    this.seat = msg.seat;
    this.viewKey = "";
    this.draw(run);
  }

  private onEvents(run: Run, events: LevelEvent[]): void {
    this.draw(run);
    if (!events.length) return;
    this.view?.animate(events);
    const said = soundEvents(events);
    if (said) this.say(null, said);
  }

  /** Shows the board of the current turn: the author's editor until the submit, then the breaker's scheduler. */
  private draw(run: Run): void {
    const s = run.state as DuelState;
    const breaking = s.breaker !== null;
    const mine = turnOf(s.phase) === this.seat;
    const key = `${breaking ? "breaker" : "author"}/${mine ? "play" : "watch"}`;
    if (key !== this.viewKey) {
      this.view?.destroy();
      const stage = run.level.stages.find((st) => st.id === run.stage)!;
      this.view = createQueueBoard(this, { stage, mode: mine ? "play" : "spectate", ...(mine ? { onAction: (a: unknown, t: unknown) => this.session?.act(a, t) } : {}) });
      this.viewKey = key;
    }
    this.view!.render(breaking ? s.breaker : s.author);
    if (s.phase === "verdict") this.showVerdict(s);
    this.refresh();
  }

  private showVerdict(s: DuelState): void {
    if (this.verdict) return;
    const won = s.winner === this.seat;
    const head = this.seat ? (won ? "YOU WIN" : "YOU LOSE") : `THE ${s.winner?.toUpperCase()} WINS`;
    this.verdict = this.add.text(WIDTH / 2, 300, `${head}\n\n${s.text}\n\nEsc: back`, {
      ...sans(18, COLOURS.background, 760), align: "center", backgroundColor: css(won || !this.seat ? COLOURS.pointer : COLOURS.error), padding: { x: 24, y: 18 },
    }).setOrigin(0.5).setDepth(70);
  }

  private refresh(): void {
    const s = this.duel();
    const roomId = this.session?.room?.roomId ?? "";
    if (s) {
      const turn = turnOf(s.phase);
      const who = this.seat ? `you are the ${this.seat.toUpperCase()}` : "spectating";
      const clock = s.deadline ? ` · ${clockText(ticksLeft(s))} left` : "";
      const phase = s.phase === "waiting" ? "waiting for the second player" : s.phase === "verdict" ? "verdict" : `${turn}'s turn${turn === this.seat ? " (yours)" : ""}`;
      this.title.setText(`race-free queue · DUEL · stage ${s.stage} · ${who} · ${phase}${clock}`);
    }
    this.status.setText(`${currentNickname()} · ${this.connection}${roomId ? ` · room ${roomId}` : ""}`);
    if (roomId && s?.phase === "waiting") this.say(null, `Share this link with your opponent: ${routeUrl({ scene: "duel", room: roomId })}`);
  }

  private finished(msg: ServerMessages["finished"]): void {
    const run = this.session?.run;
    if (run) this.draw(run);
    this.say(null, msg.replayId ? `Replay stored: #/replay/${msg.replayId}` : msg.text);
  }

  private say(error: GameError | null, note = ""): void {
    if (error) {
      noteError(error);
      this.message.setText(`✗ ${error.code}  ${error.message}`).setColor(css(COLOURS.error));
    } else {
      this.message.setText(note).setColor(css(COLOURS.dim));
    }
  }

  private probe() {
    const s = this.duel();
    if (!s) return null;
    return {
      seat: this.seat, roomId: this.session?.room?.roomId ?? "", phase: s.phase, ticksLeft: ticksLeft(s), winner: s.winner, reason: s.reason,
      referee: s.phase === "verdict" ? s.referee?.verdict ?? null : null, text: s.text,
    };
  }

  protected onKey(e: KeyboardEvent): boolean {
    if (e.key === "Escape" && this.session) {
      this.scene.start("duel", {});
      return true;
    }
    return this.view?.key(e) ?? false;
  }

  protected teardown(): void {
    this.session?.close();
    this.session = null;
    this.view?.destroy();
    this.view = null;
    this.field?.destroy();
    this.field = null;
    publishBoard(null);
    publishDuel(null);
  }
}

function clockText(ticks: number): string {
  const sec = Math.ceil((ticks * TICK_MS) / 1000);
  return `${Math.floor(sec / 60)}:${String(sec % 60).padStart(2, "0")}`;
}
