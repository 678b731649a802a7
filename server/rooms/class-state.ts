/**
 * The class room's Colyseus schema: roster, phase, clock and the live leaderboard — small and shared. No board
 * content is here: boards travel as action streams only to whoever watches them, so students never see each
 * other's solutions during a round.
 */
import { schema, t, type SchemaType } from "@colyseus/schema";

export const Seat = schema({
  nickname: t.string().default(""),
  role: t.string().default("student"),
  connected: t.boolean().default(true),
  /** The student's board: playing, won or lost. */
  boardPhase: t.string().default("playing"),
  /** 1-based place on the leaderboard (0 for non-students). */
  rank: t.uint16().default(0),
  /** The stage's first metric, for the leaderboard line. */
  score: t.int32().default(0),
  ticks: t.uint32().default(0),
}, "Seat");
export type Seat = SchemaType<typeof Seat>;

export const ClassState = schema({
  code: t.string().default(""),
  level: t.string().default(""),
  stage: t.uint8().default(0),
  stageIndex: t.uint8().default(0),
  stageCount: t.uint8().default(1),
  phase: t.string().default("lobby"),
  /** Ticks left in the countdown. */
  countdown: t.uint16().default(0),
  /** Whole seconds the round has been running (pauses excluded). */
  elapsed: t.uint32().default(0),
  timeLimit: t.uint32().default(0),
  tickMs: t.uint16().default(100),
  lateJoin: t.boolean().default(true),
  locked: t.boolean().default(false),
  director: t.string().default(""),
  students: t.uint16().default(0),
  spectators: t.uint16().default(0),
  members: t.map(Seat),
}, "ClassState");
export type ClassState = SchemaType<typeof ClassState>;
