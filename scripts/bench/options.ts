/** `--name value` and `--name=value` command-line options, and bare `--flag`s. */
export function option(argv: string[], name: string, fallback: string): string {
  const eq = argv.find((a) => a.startsWith(`--${name}=`));
  if (eq) return eq.slice(name.length + 3);
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
}

export function flag(argv: string[], name: string): boolean {
  return argv.includes(`--${name}`);
}

/** A mistake in how the benchmark was called: reported in one line, without a stack. */
export class UsageError extends Error {}
