/**
 * What every room says to one client outside the board stream, the same way in each: a refused join, an error for
 * a refused message, a typed send, and the spectator count kept in the room's schema.
 */
import { ServerError, type Client } from "@colyseus/core";
import type { GameError } from "../../shared/engine/errors.ts";
import type { ServerMessages } from "../../shared/protocol.ts";

/** Join refusals travel as HTTP 400 (matchmaking) or a join error; the message starts with the GameError code. */
const JOIN_REFUSED = 400;

export function refuse(error: GameError): never {
  throw new ServerError(JOIN_REFUSED, `${error.code}: ${error.message}`);
}

export function send<K extends keyof ServerMessages>(client: Client, type: K, message: ServerMessages[K]): void {
  client.send(type, message);
}

/** A refused message: the error goes back to its sender only, with the action's seq when it answers one. */
export function reject(client: Client, error: GameError, seq?: number): void {
  send(client, "error", seq === undefined ? { ...error } : { ...error, seq });
}

export function spectatorCount(members: Iterable<{ readonly role: string }>): number {
  let n = 0;
  for (const m of members) if (m.role === "spectator") n++;
  return n;
}
