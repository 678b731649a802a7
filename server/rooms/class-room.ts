/**
 * A class room: a host, up to MAX_STUDENTS students each with their own board (same stage and seed), and
 * spectators. A routing table: messages are validated (shared/class.ts), checked against the sender's role, and
 * handed to the session functions (server/class/session.ts); boards are streamed only to their watchers.
 */
import { randomInt } from "node:crypto";
import { matchMaker, Room, type Client } from "@colyseus/core";
import type { GameError } from "../../shared/engine/errors.ts";
import { LEVELS } from "../../shared/levels/index.ts";
import {
  CLASS_ALLOWED, CLASS_ROOM, MAX_STUDENTS, checkNickname, codeFrom, hostCommandError, isHostCommand, parseClassJoin,
  parseClassMessage, uniqueNickname, type ClassJoinOptions, type ClassMessage, type ClassRole, type ClassServerMessages,
  type HostCommands,
} from "../../shared/class.ts";
import { RECONNECT_SECONDS, type ServerMessages } from "../../shared/protocol.ts";
import {
  addStudent, canJoinAsStudent, kickError, leaderRows, newSession, nextStage, pauseRound, stageInfo, startRound,
  studentAct, tickClass, type ClassSession, type Student,
} from "../class/session.ts";
import { boardTick, closeBoard, finishBoard, isOver, serially, syncMessage } from "../lockstep.ts";
import type { Bucket } from "../rate-limit.ts";
import type { Player } from "../store/store.ts";
import type { RoomContext } from "./play-room.ts";
import { ClassState, Seat } from "./class-state.ts";
import { refuse, reject, spectatorCount } from "./replies.ts";

/** The host may be gone this long before the room gives up on them (students keep playing meanwhile). */
const HOST_RECONNECT_SECONDS = 120;

type AllMessages = ServerMessages & ClassServerMessages;

interface Member {
  readonly role: ClassRole;
  readonly nickname: string;
  readonly player: Player | null;
  readonly bucket: Bucket;
  /** Boards this client receives. */
  readonly watching: Set<string>;
  /** Spectators: "" follows the director's choice. */
  choice: string;
  /** Forged host commands from this member (logged once, counted after). */
  forged: number;
}

type Auth = ClassJoinOptions & { player: Player | null; nick: string };

export function defineClassRoom(ctx: RoomContext) {
  return class ClassRoom extends Room<{ state: ClassState }> {
    state = new ClassState();
    maxClients = MAX_STUDENTS + 40;
    session!: ClassSession;
    hostPlayerId = "";
    hostSession = "";
    members = new Map<string, Member>();

    // Patches carry the roster and the clock; once per tick is enough for both.
    patchRate = 100;

    async onCreate(options: unknown) {
      const parsed = parseClassJoin(options);
      if (!parsed.ok) refuse(parsed.error);
      const { role, token, level: levelId, stages = [1], timeLimitSec = 0, lateJoin = true } = parsed.value;
      const host = token ? await ctx.store.playerByToken(token) : null;
      const level = levelId ? LEVELS.get(levelId) : undefined;
      if (role !== "host" || !host) refuse({ code: "E_BAD_JOIN", message: "A class room is created by a host with a player token." });
      if (!level) refuse({ code: "E_BAD_JOIN", message: "Name a built level for the class." });
      const missing = stages.find((s) => !level.stages.some((st) => st.id === s));
      if (missing !== undefined) refuse({ code: "E_UNKNOWN_STAGE", message: `${level.id} has no stage ${missing}.` });
      this.hostPlayerId = host.id;
      this.session = newSession(level, stages, randomInt(0, 0xffffffff), timeLimitSec, lateJoin);
      const code = await this.uniqueCode();
      Object.assign(this.state, {
        code, level: level.id, stage: stages[0]!, stageIndex: 0, stageCount: stages.length, lateJoin,
        timeLimit: this.session.timeLimitTicks, tickMs: stageInfo(this.session).tickMs,
      });
      await this.setMetadata({ code, level: level.id });
      this.onMessage("*", (client: Client, type: string | number, payload: unknown) => this.route(client, type, payload));
      this.setSimulationInterval(() => this.onTick(), stageInfo(this.session).tickMs);
    }

    async uniqueCode(): Promise<string> {
      for (;;) {
        const code = codeFrom(Array.from({ length: 6 }, () => randomInt(0, 1 << 30)));
        const taken = await matchMaker.query({ name: CLASS_ROOM });
        if (!taken.some((r) => r.metadata?.code === code)) return code;
      }
    }

    async onAuth(_client: Client, options: unknown): Promise<Auth> {
      const parsed = parseClassJoin(options);
      if (!parsed.ok) refuse(parsed.error);
      const join = parsed.value;
      const player = join.token ? await ctx.store.playerByToken(join.token) : null;
      if (join.role === "host") {
        if (!player || player.id !== this.hostPlayerId || this.hostSession) refuse({ code: "E_FORBIDDEN", message: "This class already has its host." });
        return { ...join, player, nick: player.nickname };
      }
      const nick = checkNickname(join.nickname);
      if (!nick.ok) refuse(nick.error);
      if (join.role === "student") {
        if (!player) refuse({ code: "E_UNKNOWN_PLAYER", message: "Students need the token from POST /api/players." });
        const can = canJoinAsStudent(this.session, player);
        if (!can.ok) refuse(can.error);
        if (this.session.students.size >= MAX_STUDENTS) refuse({ code: "E_FULL", message: `A class holds ${MAX_STUDENTS} students.` });
        if ([...this.session.students.values()].some((s) => s.player.id === player.id)) refuse({ code: "E_ALREADY_JOINED", message: "You are already in this class (in another tab?)." });
      }
      const taken = [...this.members.values()].map((m) => m.nickname);
      return { ...join, player, nick: uniqueNickname(nick.value, taken) };
    }

    onJoin(client: Client, _options: unknown, auth: Auth) {
      const member: Member = { role: auth.role, nickname: auth.nick, player: auth.player, bucket: ctx.limiter.bucket(), watching: new Set(), choice: "", forged: 0 };
      this.members.set(client.sessionId, member);
      this.state.members.set(client.sessionId, new Seat({ nickname: member.nickname, role: member.role, connected: true }));
      if (member.role === "host") {
        this.hostSession = client.sessionId;
        for (const id of this.session.students.keys()) this.watch(client, id);
      } else if (member.role === "student") {
        addStudent(this.session, client.sessionId, member.nickname, auth.player!);
        this.watch(client, client.sessionId);
        const host = this.clientOf(this.hostSession);
        if (host) this.watch(host, client.sessionId);
        this.refreshSpectators();
      } else {
        this.refreshSpectators();
      }
      this.refreshRoster();
    }

    onDrop(client: Client) {
      const seat = this.state.members.get(client.sessionId);
      if (seat) seat.connected = false;
      const member = this.members.get(client.sessionId);
      if (member?.role === "host") this.allowReconnection(client, HOST_RECONNECT_SECONDS);
      else if (member?.role === "student" && this.session.phase !== "ended") this.allowReconnection(client, RECONNECT_SECONDS * 1.5);
    }

    onReconnect(client: Client) {
      const seat = this.state.members.get(client.sessionId);
      if (seat) seat.connected = true;
      const member = this.members.get(client.sessionId);
      if (!member) return;
      for (const board of member.watching) this.sendSync(client, board);
    }

    /** Boards ticking on workers stop there too. */
    onDispose() {
      for (const student of this.session?.students.values() ?? []) closeBoard(student.board);
    }

    onLeave(client: Client) {
      const member = this.members.get(client.sessionId);
      this.members.delete(client.sessionId);
      this.state.members.delete(client.sessionId);
      if (member?.role === "host") this.hostSession = "";
      if (member?.role === "student") this.dropStudent(client.sessionId);
      this.refreshRoster();
    }

    // ---- the clock ------------------------------------------------------------------------------------------

    onTick() {
      const step = tickClass(this.session);
      this.state.phase = this.session.phase;
      this.state.countdown = this.session.countdown;
      // Whole seconds: a patch a second for the clock instead of one every tick.
      const seconds = Math.floor((this.session.elapsed * stageInfo(this.session).tickMs) / 1000);
      if (this.state.elapsed !== seconds) this.state.elapsed = seconds;
      if (step.ticks.length > 0) {
        for (const client of this.clients) {
          const member = this.members.get(client.sessionId);
          if (!member || member.watching.size === 0) continue;
          const boards = step.ticks.filter((t) => member.watching.has(t.board)).map((t) => ({ board: t.board, ...t.tick }));
          if (boards.length) this.send(client, "clock", { boards });
        }
        // The roster changes on a tick only if a board ended (queue overflow): finishIfOver patches it then.
        for (const t of step.ticks) this.finishIfOver(t.board);
      }
      if (step.timeUp) void this.endRound();
    }

    // ---- routing --------------------------------------------------------------------------------------------

    route(client: Client, type: string | number, payload: unknown) {
      const member = this.members.get(client.sessionId);
      if (!member) return;
      const limited = ctx.limiter.admit(member.bucket);
      if (limited) return reject(client, limited);
      const parsed = parseClassMessage(type, payload);
      if (!parsed.ok) return reject(client, parsed.error);
      const message = parsed.value;
      if (!CLASS_ALLOWED[member.role].includes(message.type)) {
        if (isHostCommand(message.type)) {
          // Logged once per member, so a flood of forgeries cannot flood the log.
          if (member.forged++ === 0) console.warn(`[class ${this.roomId}] forged host command "${message.type}" from ${member.role} ${member.nickname} (${client.sessionId})`);
          return reject(client, hostCommandError(message.type));
        }
        return reject(client, { code: "E_FORBIDDEN", message: `A ${member.role} may not send "${message.type}".` });
      }
      this.dispatch(client, member, message);
    }

    dispatch(client: Client, member: Member, message: ClassMessage) {
      switch (message.type) {
        case "act": return this.onAct(client, message.body);
        case "desync": return console.warn(`[class ${this.roomId}] desync reported by ${member.nickname} at tick ${message.body.tick}`);
        case "watch": return this.onWatch(client, member, message.body.board);
        default: return this.onHost(client, message);
      }
    }

    onAct(client: Client, body: { seq: number; action: unknown }) {
      const student = this.session.students.get(client.sessionId);
      if (!student) return reject(client, { code: "E_FORBIDDEN", message: "Only students act on boards." }, body.seq);
      const board = student.board;
      serially(board, async () => {
        const accepted = await studentAct(this.session, student, body.action, body.seq, ctx.steps);
        if (!accepted.ok) {
          reject(client, accepted.error, body.seq);
          const host = this.clientOf(this.hostSession);
          if (host && student.failures[accepted.error.code]) {
            this.send(host, "failures", { board: student.id, nickname: student.nickname, failures: { ...student.failures } });
          }
          return;
        }
        // The student may have moved to a new stage's board while a heavy step ran: stream only to the board's watchers.
        if (student.board !== board) return;
        this.toWatchers(student.id, "action", accepted.value);
        this.finishIfOver(student.id);
        this.refreshRoster();
      });
    }

    onWatch(client: Client, member: Member, board: string) {
      if (member.role === "spectator") {
        member.choice = board;
        return this.refreshSpectators();
      }
      // The host watches every board already; "watch" re-sends a board's sync (opening it full size).
      if (this.session.students.has(board)) this.sendSync(client, board);
    }

    onHost(client: Client, message: ClassMessage) {
      const s = this.session;
      const done = (r: { ok: boolean; error?: GameError }) => (r.ok ? undefined : reject(client, r.error!));
      switch (message.type) {
        case "start": return done(startRound(s, (message.body as HostCommands["start"]).countdownSec));
        case "pause": return done(pauseRound(s, true));
        case "resume": return done(pauseRound(s, false));
        case "hint": {
          const text = (message.body as HostCommands["hint"]).text;
          s.hints.push(text);
          return this.broadcastAll("hint", { text });
        }
        case "lock": {
          s.locked = (message.body as HostCommands["lock"]).locked;
          this.state.locked = s.locked;
          return;
        }
        case "end": return void this.endRound();
        case "kick": return this.kick(client, message.body as HostCommands["kick"]);
        case "lateJoin": {
          s.lateJoin = (message.body as HostCommands["lateJoin"]).on;
          this.state.lateJoin = s.lateJoin;
          return;
        }
        case "nextStage": {
          if (s.phase !== "ended") return reject(client, { code: "E_PHASE", message: "End the round before moving on." });
          const r = nextStage(s, randomInt(0, 0xffffffff));
          if (!r.ok) return reject(client, r.error);
          this.state.stageIndex = s.stageIndex;
          this.state.stage = s.stages[s.stageIndex]!;
          this.state.phase = s.phase;
          this.state.director = "";
          for (const c of this.clients) for (const board of this.members.get(c.sessionId)?.watching ?? []) this.sendSync(c, board);
          return this.refreshRoster();
        }
        case "direct": {
          const board = (message.body as HostCommands["direct"]).board;
          if (board && !s.students.has(board)) return reject(client, { code: "E_NO_BOARD", message: "No such student board." });
          s.director = board;
          this.state.director = board;
          return this.refreshSpectators();
        }
      }
    }

    kick(client: Client, body: HostCommands["kick"]) {
      const student = this.session.students.get(body.student);
      if (!student) return reject(client, { code: "E_NO_BOARD", message: "No such student." });
      this.session.banned.add(student.player.id);
      const target = this.clientOf(student.id);
      if (target) {
        this.send(target, "kicked", { reason: kickError(body.reason).message });
        target.leave(4000, "kicked");
      }
      this.members.delete(student.id);
      this.state.members.delete(student.id);
      this.dropStudent(student.id);
      this.refreshRoster();
    }

    // ---- boards and watchers --------------------------------------------------------------------------------

    watch(client: Client, board: string) {
      const member = this.members.get(client.sessionId);
      if (!member || member.watching.has(board)) return;
      member.watching.add(board);
      this.sendSync(client, board);
    }

    unwatch(client: Client, board: string) {
      const member = this.members.get(client.sessionId);
      if (!member?.watching.delete(board)) return;
      this.send(client, "unwatch", { board });
    }

    sendSync(client: Client, boardId: string) {
      const student = this.session.students.get(boardId);
      const member = this.members.get(client.sessionId);
      if (!student || !member) return;
      const role = member.role === "student" ? "player" : "spectator";
      this.send(client, "sync", syncMessage(student.board, role, boardId));
      if (student.board.finished) this.send(client, "finished", { ...student.board.finished, board: boardId });
    }

    /** Spectators see their own choice, or the director's, or nothing (the leaderboard) when neither is set. */
    refreshSpectators() {
      for (const client of this.clients) {
        const member = this.members.get(client.sessionId);
        if (member?.role !== "spectator") continue;
        const want = member.choice && this.session.students.has(member.choice) ? member.choice : this.session.director;
        for (const b of [...member.watching]) if (b !== want) this.unwatch(client, b);
        if (want) this.watch(client, want);
      }
    }

    dropStudent(id: string) {
      const student = this.session.students.get(id);
      if (!student) return;
      if (this.session.phase !== "lobby") void this.record(student);
      this.session.students.delete(id);
      if (this.session.director === id) {
        this.session.director = "";
        this.state.director = "";
      }
      for (const c of this.clients) this.unwatch(c, id);
      this.refreshSpectators();
    }

    /** Stores the replay of a board that has just ended, then announces it to its watchers. */
    finishIfOver(boardId: string): void {
      const student = this.session.students.get(boardId);
      if (!student || !isOver(student.board) || student.board.finishing) return;
      void this.record(student).then((finished) => {
        this.toWatchers(boardId, "finished", { ...finished, board: boardId });
        this.refreshRoster();
      });
    }

    /** The student's run as a stored replay (recorded once, whether it ended or the round did). */
    record(student: Student): Promise<ServerMessages["finished"]> {
      return finishBoard(student.board, (replay) =>
        ctx.store.saveReplay(replay, student.player, student.nickname, { roomId: this.roomId, source: "played" }));
    }

    /** Ends the round: every board is recorded, the results are stored, then everyone gets them. */
    async endRound() {
      const s = this.session;
      if (s.phase === "ended") return;
      s.phase = "ended";
      this.state.phase = "ended";
      const students = [...s.students.values()];
      await Promise.all(students.map((st) => this.record(st)));
      const stage = s.stages[s.stageIndex]!;
      const rows = leaderRows(s).filter((r) => s.students.has(r.board)).map((r, i) => {
        const student = s.students.get(r.board)!;
        return { ...r, rank: i + 1, replayId: student.board.finished?.replayId ?? null, failures: { ...student.failures } };
      });
      await ctx.store.saveClassRound(this.roomId, this.state.code, s.level.id, this.hostPlayerId, rows.map((r) => ({
        nickname: r.nickname, playerId: s.students.get(r.board)!.player.id, stage, phase: r.phase, metrics: { ...r.metrics },
        ticks: s.students.get(r.board)!.board.run.state.tick, failures: r.failures, replayId: r.replayId,
      })));
      this.broadcastAll("results", { stage, rows, csv: `/api/classes/${this.roomId}/results.csv` });
      this.refreshRoster();
    }

    refreshRoster() {
      const rows = leaderRows(this.session);
      const metric = stageInfo(this.session).metrics[0]!.key;
      rows.forEach((r, i) => {
        const seat = this.state.members.get(r.board);
        if (!seat) return;
        seat.boardPhase = r.phase;
        seat.rank = i + 1;
        seat.score = r.metrics[metric] ?? 0;
        seat.ticks = boardTick(this.session.students.get(r.board)!.board);
      });
      this.state.students = this.session.students.size;
      this.state.spectators = spectatorCount(this.members.values());
    }

    // ---- sending --------------------------------------------------------------------------------------------

    clientOf(sessionId: string): Client | undefined {
      return sessionId ? this.clients.find((c) => c.sessionId === sessionId) : undefined;
    }

    toWatchers<K extends keyof AllMessages>(board: string, type: K, message: AllMessages[K]) {
      for (const client of this.clients) if (this.members.get(client.sessionId)?.watching.has(board)) this.send(client, type, message);
    }

    broadcastAll<K extends keyof AllMessages>(type: K, message: AllMessages[K]) {
      this.broadcast(type, message);
    }

    send<K extends keyof AllMessages>(client: Client, type: K, message: AllMessages[K]) {
      client.send(type, message);
    }
  };
}
