/** Shared output conventions of bma commands: JSON on stdout; errors as {error: {code, message}} with exit 2. */
export type Command = (args: string[]) => number | Promise<number>;

export function print(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}

export function fail(code: string, message: string): never {
  print({ error: { code, message } });
  process.exit(2);
}
