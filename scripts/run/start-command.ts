/**
 * `npm start`'s command line from package.json as arguments to `node`, with its preloads and
 * script made absolute so that it runs from any folder: the start tests and the start-up
 * benchmark run exactly what a person runs, loader and Node flags included.
 */
import { readFileSync } from 'fs';
import path from 'path';

/** package.json's `start` script as written. */
export function startCommandLine(root: string): string {
  const pkg = JSON.parse(
    readFileSync(path.join(root, 'package.json'), 'utf8'),
  ) as { scripts: Record<string, string> };
  return pkg.scripts.start.trim();
}

export function startCommandArgs(root: string): string[] {
  const line = startCommandLine(root);
  const [command, ...args] = line.split(/\s+/);
  if (command !== 'node')
    throw new Error(`npm start should run node directly; it runs: ${line}`);
  return args.map((arg, i) =>
    args[i - 1] === '-r' || args[i - 1] === '--require'
      ? require.resolve(arg, { paths: [root] })
      : /\.[cm]?[jt]s$/.test(arg)
        ? path.resolve(root, arg)
        : arg,
  );
}
