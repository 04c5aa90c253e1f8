/**
 * What `npm start` runs, read from package.json's `start` script, so the start tests and the
 * benchmark run the same Node flags, loader and preloads a person gets (they cannot drift
 * apart), from any folder. The script must be `[VAR=value …] node [flags …] <script>`; anything
 * else is refused rather than guessed at.
 */
import { readFileSync } from 'fs';
import path from 'path';

export interface StartCommand {
  /** Variables the script sets before `node`. */
  env: Record<string, string>;
  /** Node's own flags, with `-r`/`--require`/`--import` modules resolved from the project. */
  nodeArgs: string[];
  /** The entry script, absolute. */
  script: string;
}

/** Flags whose value is the next word (a module to load). */
const WITH_MODULE = new Set(['-r', '--require', '--import', '--loader']);

/** Where Node would find `id` if it were started from the project's root. */
function resolveModule(id: string, root: string): string {
  if (id.startsWith('.') || path.isAbsolute(id)) return path.resolve(root, id);
  return require.resolve(id, { paths: [root] });
}

export function parseStartScript(script: string, root: string): StartCommand {
  const words = script.trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) {
    const word = words.shift() as string;
    const eq = word.indexOf('=');
    env[word.slice(0, eq)] = word.slice(eq + 1);
  }
  if (words.shift() !== 'node') {
    throw new Error(
      `package.json's start script does not run \`node\` directly (${script}); the benchmark cannot tell which flags it uses`,
    );
  }
  const nodeArgs: string[] = [];
  while (words.length > 0 && words[0].startsWith('-')) {
    const word = words.shift() as string;
    nodeArgs.push(word);
    if (WITH_MODULE.has(word) && words.length > 0) {
      nodeArgs.push(resolveModule(words.shift() as string, root));
    }
  }
  const entry = words.shift();
  if (!entry)
    throw new Error(`package.json's start script names no script (${script})`);
  return { env, nodeArgs, script: path.resolve(root, entry) };
}

/** package.json's `start` script as written. */
export function startCommandLine(root: string): string {
  const pkg = JSON.parse(
    readFileSync(path.join(root, 'package.json'), 'utf8'),
  ) as { scripts?: Record<string, string> };
  const script = pkg.scripts?.start;
  if (!script) throw new Error('package.json has no start script');
  return script.trim();
}

export function startCommand(root: string): StartCommand {
  return parseStartScript(startCommandLine(root), root);
}

/** The start command as arguments to `node` (its own flags, then the script). */
export function startCommandArgs(root: string): string[] {
  const command = startCommand(root);
  return [...command.nodeArgs, command.script];
}

/** The Node flags of the start script that are not about loading code (the memory settings). */
export function memoryFlags(command: StartCommand): string[] {
  return command.nodeArgs.filter(
    (arg, i) =>
      !WITH_MODULE.has(arg) && !WITH_MODULE.has(command.nodeArgs[i - 1]),
  );
}
