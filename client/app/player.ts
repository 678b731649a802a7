/**
 * The browser's player identity, kept in localStorage ("bma.player"). A nickname is chosen on the title
 * screen; the server record (and its token) is created the first time the player plays, and again if the
 * nickname changes.
 */
import type { Result } from "../../shared/engine/errors.ts";
import { NICKNAME_PATTERN } from "../../shared/protocol.ts";
import { createPlayer } from "./api.ts";

const STORE = "bma.player";
const DRAFT = "bma.nickname";

export interface Player {
  nickname: string;
  token: string;
}

function stored(): Player | null {
  try {
    const raw = JSON.parse(localStorage.getItem(STORE) ?? "null") as Partial<Player> | null;
    return raw && typeof raw.nickname === "string" && typeof raw.token === "string" ? { nickname: raw.nickname, token: raw.token } : null;
  } catch {
    return null;
  }
}

/** The nickname shown in the field: the draft, the stored player's, or a fresh "player-1234". */
export function currentNickname(): string {
  const draft = localStorage.getItem(DRAFT);
  if (draft && NICKNAME_PATTERN.test(draft)) return draft;
  const p = stored();
  if (p) return p.nickname;
  const fresh = `player-${1000 + Math.floor(Math.random() * 9000)}`;
  localStorage.setItem(DRAFT, fresh);
  return fresh;
}

export function setNicknameDraft(nickname: string): boolean {
  if (!NICKNAME_PATTERN.test(nickname)) return false;
  localStorage.setItem(DRAFT, nickname);
  return true;
}

/** The player this browser has already played as (and its token), without creating one. */
export function knownPlayer(): Player | null {
  return stored();
}

/** The player to play as, creating the server record on first play. */
export async function ensurePlayer(): Promise<Result<Player>> {
  const nickname = currentNickname();
  const have = stored();
  if (have && have.nickname === nickname) return { ok: true, value: have };
  const made = await createPlayer(nickname);
  if (!made.ok) return made;
  const player = { nickname: made.value.nickname, token: made.value.token };
  localStorage.setItem(STORE, JSON.stringify(player));
  return { ok: true, value: player };
}
