/**
 * The one error shape used everywhere: rule errors from a level, protocol errors from the server,
 * HTTP API errors. `code` is stable and machine-readable; `message` is one sentence a player can read.
 */
export interface GameError {
  readonly code: string;
  readonly message: string;
}

export function gameError(code: string, message: string): GameError {
  return { code, message };
}

/** A result that never throws: either a value or a GameError. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: GameError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: string, message: string): Result<T> {
  return { ok: false, error: gameError(code, message) };
}

export function isGameError(x: unknown): x is GameError {
  return typeof x === "object" && x !== null &&
    typeof (x as GameError).code === "string" && typeof (x as GameError).message === "string";
}
