/**
 * The class room's HTTP calls: find a live class by its join code, and the host's CSV export (which needs the
 * host's token in a header, so it is fetched and saved through a Blob link rather than opened as a URL).
 */
import { CODE_PATTERN, normaliseCode } from "../../shared/class.ts";
import { gameError, isGameError, type Result } from "../../shared/engine/errors.ts";
import { TOKEN_HEADER } from "../../shared/protocol.ts";

async function failure(res: Response, what: string): Promise<Result<never>> {
  let body: unknown = null;
  try { body = await res.json(); } catch { /* not JSON */ }
  return { ok: false, error: isGameError(body) ? body : gameError(`E_HTTP_${res.status}`, `${what} answered ${res.status}.`) };
}

/** The room id of the live class with this code (typed codes may be lower case, with spaces or dashes). */
export async function findClass(typed: string): Promise<Result<{ roomId: string; code: string }>> {
  const code = normaliseCode(typed);
  if (!CODE_PATTERN.test(code)) return { ok: false, error: gameError("E_BAD_CODE", "A join code has 6 letters and digits (no 0, O, 1, I or L).") };
  try {
    const res = await fetch(`/api/classes/code/${encodeURIComponent(code)}`);
    if (!res.ok) return failure(res, "The class lookup");
    const body = await res.json() as { roomId: string };
    return { ok: true, value: { roomId: body.roomId, code } };
  } catch (e) {
    return { ok: false, error: gameError("E_NETWORK", `The server did not answer: ${String(e)}.`) };
  }
}

/** Fetches the results CSV with the host's token and hands it to the browser as a download. */
export async function downloadCsv(url: string, token: string, filename: string): Promise<Result<{ bytes: number }>> {
  try {
    const res = await fetch(url, { headers: { [TOKEN_HEADER]: token } });
    if (!res.ok) return failure(res, "The CSV export");
    const blob = await res.blob();
    const href = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = href;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(href), 10_000);
    return { ok: true, value: { bytes: blob.size } };
  } catch (e) {
    return { ok: false, error: gameError("E_NETWORK", `The CSV download failed: ${String(e)}.`) };
  }
}
