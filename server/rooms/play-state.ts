/**
 * The room's Colyseus schema: only what is small and shared (roster, roles, phase, clock). The board itself
 * travels as the lockstep stream, never as schema patches.
 */
import { schema, t, type SchemaType } from "@colyseus/schema";

export const Member = schema({
  nickname: t.string().default(""),
  role: t.string().default("player"),
  connected: t.boolean().default(true),
}, "Member");
export type Member = SchemaType<typeof Member>;

export const PlayState = schema({
  level: t.string().default(""),
  stage: t.uint8().default(0),
  phase: t.string().default("playing"),
  tick: t.uint32().default(0),
  spectators: t.uint16().default(0),
  desyncs: t.uint16().default(0),
  replayId: t.string().default(""),
  members: t.map(Member),
}, "PlayState");
export type PlayState = SchemaType<typeof PlayState>;
