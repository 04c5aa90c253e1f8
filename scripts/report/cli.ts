/**
 * `npm run report [-- <dir>]` writes the access review page; `npm run graph` also opens it in
 * the desktop's browser when there is one.
 */
import { spawn } from 'child_process';
import { existsSync } from 'fs';
import path from 'path';

import { writeReport } from './index';

function opener(): string | undefined {
  if (process.platform === 'darwin') return 'open';
  if (process.platform === 'win32') return 'explorer';
  return process.env.DISPLAY || process.env.WAYLAND_DISPLAY
    ? 'xdg-open'
    : undefined;
}

function main(): number {
  const args = process.argv.slice(2);
  const open = args.includes('--open');
  const dir = path.resolve(
    args.find((a) => !a.startsWith('--')) ?? '.j1-integration',
  );
  if (!existsSync(path.join(dir, 'graph'))) {
    process.stderr.write(
      `No collected graph in ${dir}: run \`npm start\` (or \`npm run demo\`) first.\n`,
    );
    return 1;
  }
  const result = writeReport(dir);
  const missing = Object.entries(result.sections)
    .filter(([, state]) => state !== 'collected')
    .map(([id, state]) => `${id} ${state}`);
  process.stdout.write(
    `Wrote ${result.file} (${(result.bytes / 1e6).toFixed(1)} MB): ${result.repositories} repositories, ${result.users} members, ${result.accessEdges} access grants${missing.length ? `; ${missing.join(', ')}` : ''}\n`,
  );
  const command = open ? opener() : undefined;
  if (command) {
    const child = spawn(command, [result.file], {
      detached: true,
      stdio: 'ignore',
    });
    child.on('error', () =>
      process.stdout.write(`Open file://${result.file} in a browser.\n`),
    );
    child.unref();
  } else if (open) {
    process.stdout.write(
      `Open file://${result.file} in a browser (works offline).\n`,
    );
  }
  return 0;
}

process.exitCode = main();
