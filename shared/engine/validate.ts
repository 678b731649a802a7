/**
 * Small runtime checks for untrusted data (client messages, uploaded replays, HTTP bodies).
 * Each returns a readable reason or null; callers turn the reason into a GameError.
 */
export type Check = (value: unknown, path: string) => string | null;

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

export const int = (min: number, max: number): Check => (v, path) =>
  typeof v === "number" && Number.isInteger(v) && v >= min && v <= max ? null : `${path} must be an integer from ${min} to ${max}`;

export const str = (minLen: number, maxLen: number, pattern?: RegExp): Check => (v, path) =>
  typeof v === "string" && v.length >= minLen && v.length <= maxLen && (!pattern || pattern.test(v))
    ? null : `${path} must be a string of ${minLen} to ${maxLen} characters${pattern ? " matching " + String(pattern) : ""}`;

export const oneOf = (...values: readonly string[]): Check => (v, path) =>
  typeof v === "string" && values.includes(v) ? null : `${path} must be one of ${values.join(", ")}`;

export const optional = (check: Check): Check => (v, path) => (v === undefined ? null : check(v, path));

export const anything: Check = () => null;

/** Checks an object against a field table; unknown fields are refused so nothing unexpected slips through. */
export const shape = (fields: Record<string, Check>): Check => (v, path) => {
  if (!isRecord(v)) return `${path} must be an object`;
  for (const key of Object.keys(v)) if (!(key in fields)) return `${path}.${key} is not a known field`;
  for (const [key, check] of Object.entries(fields)) {
    const why = check(v[key], `${path}.${key}`);
    if (why) return why;
  }
  return null;
};

export const arrayOf = (item: Check, maxLen: number): Check => (v, path) => {
  if (!Array.isArray(v)) return `${path} must be an array`;
  if (v.length > maxLen) return `${path} has more than ${maxLen} items`;
  for (let i = 0; i < v.length; i++) {
    const why = item(v[i], `${path}[${i}]`);
    if (why) return why;
  }
  return null;
};

export const recordOf = (item: Check, maxKeys: number): Check => (v, path) => {
  if (!isRecord(v)) return `${path} must be an object`;
  const keys = Object.keys(v);
  if (keys.length > maxKeys) return `${path} has more than ${maxKeys} keys`;
  for (const k of keys) {
    const why = item(v[k], `${path}.${k}`);
    if (why) return why;
  }
  return null;
};
