/**
 * `npm run simulator` as a person uses it: started through npm, the credentials and scopes it
 * was given are the ones it accepts, and stopping npm stops the server (it used to keep the port).
 */
import { ChildProcess, spawn } from 'child_process';

import { ROOT } from './run-cli';

function startThroughNpm(args: string[]): {
  npm: ChildProcess;
  url: Promise<string>;
} {
  const npm = spawn('npm', ['run', '--silent', 'simulator', '--', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    npm.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match && output.includes('stats:')) resolve(match[1]);
    });
    npm.on('exit', () => reject(new Error(`simulator exited: ${output}`)));
  });
  return { npm, url };
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/_simulator/stats`);
    return true;
  } catch {
    return false;
  }
}

async function gone(url: string): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if (!(await answers(url))) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

describe('npm run simulator', () => {
  it('accepts the credentials and scopes it is given, and stops with its npm process', async () => {
    const { npm, url } = startThroughNpm([
      '--port',
      '0',
      '--access-token',
      'ATCTT-cli-test@acme-security',
      '--scopes',
      'account,repository',
    ]);
    try {
      const base = await url;
      const workspace = await fetch(`${base}/2.0/workspaces/acme-security`, {
        headers: { Authorization: 'Bearer ATCTT-cli-test' },
      });
      expect(workspace.status).toBe(200);
      expect(workspace.headers.get('x-oauth-scopes')).toBe(
        'account, repository',
      );
      const consumer = await fetch(`${base}/site/oauth2/access_token`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from('sim-client-id:sim-client-secret').toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      // Only the credentials given on the command line exist.
      expect(consumer.status).toBe(400);

      npm.kill('SIGTERM');
      expect(await gone(base)).toBe(true);
    } finally {
      npm.kill('SIGKILL');
    }
  }, 90_000);
});
