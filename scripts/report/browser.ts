/**
 * Just enough of the Chrome DevTools Protocol, over `--remote-debugging-pipe`, to load a page in
 * headless Chromium, run script in it, record every network request and take a screenshot —
 * with no browser-automation dependency. Used by the page tests and the page measurement.
 */
import { ChildProcess, spawn } from 'child_process';
import { writeFileSync } from 'fs';
import { Readable, Writable } from 'stream';

interface CdpMessage {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

type Listener = (params: Record<string, unknown>) => void;

export const chromiumPath = (): string =>
  process.env.CHROMIUM_PATH ?? 'chromium';

export class Browser {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    {
      resolve: (r: Record<string, unknown>) => void;
      reject: (e: Error) => void;
    }
  >();
  private failure: string | undefined;
  private readonly listeners: Array<{
    method: string;
    session?: string;
    fn: Listener;
  }> = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly input: Writable,
    output: Readable,
  ) {
    child.on('error', (error) => {
      // Usually ENOENT: no Chromium where we looked. Fail every waiting call with that.
      const message = `Chromium could not be started (${error.message}): install it or set CHROMIUM_PATH`;
      for (const waiter of this.pending.values())
        waiter.reject(new Error(message));
      this.pending.clear();
      this.failure = message;
    });
    // A pipe to a browser that never started breaks; the child's error above says why.
    input.on('error', () => undefined);
    output.on('error', () => undefined);
    let buffer = '';
    output.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\0')) >= 0) {
        this.dispatch(JSON.parse(buffer.slice(0, end)) as CdpMessage);
        buffer = buffer.slice(end + 1);
      }
    });
  }

  static launch(executable = chromiumPath()): Browser {
    const child = spawn(
      executable,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-default-apps',
        '--disable-sync',
        '--no-first-run',
        '--hide-scrollbars',
        // Belt and braces: any request that did go out would fail, and is recorded below anyway.
        '--proxy-server=http://127.0.0.1:9',
        '--remote-debugging-pipe',
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
    );
    return new Browser(
      child,
      child.stdio[3] as Writable,
      child.stdio[4] as Readable,
    );
  }

  private dispatch(message: CdpMessage): void {
    if (message.id !== undefined) {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(message.error.message));
      else waiter?.resolve(message.result ?? {});
      return;
    }
    for (const l of this.listeners)
      if (
        l.method === message.method &&
        (!l.session || l.session === message.sessionId)
      )
        l.fn(message.params ?? {});
  }

  send(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    if (this.failure) return Promise.reject(new Error(this.failure));
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.input.write(
        `${JSON.stringify({ id, method, params, sessionId })}\0`,
      );
    });
  }

  on(method: string, fn: Listener, session?: string): void {
    this.listeners.push({ method, fn, session });
  }

  /** Opens `url` in a new tab of `width` × `height` and waits for its load event. */
  async open(url: string, width = 1400, height = 900): Promise<Page> {
    const { targetId } = await this.send('Target.createTarget', {
      url: 'about:blank',
    });
    const { sessionId } = await this.send('Target.attachToTarget', {
      targetId,
      flatten: true,
    });
    const page = new Page(this, String(sessionId));
    await page.prepare(width, height);
    await page.navigate(url);
    return page;
  }

  close(): void {
    this.child.kill('SIGKILL');
  }
}

export class Page {
  /** Every URL the page requested: the offline page must request nothing but itself. */
  readonly requests: string[] = [];
  readonly errors: string[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly session: string,
  ) {}

  private send(method: string, params: Record<string, unknown> = {}) {
    return this.browser.send(method, params, this.session);
  }

  async prepare(width: number, height: number): Promise<void> {
    this.browser.on(
      'Network.requestWillBeSent',
      (p) =>
        this.requests.push(
          String((p.request as { url?: string } | undefined)?.url),
        ),
      this.session,
    );
    this.browser.on(
      'Runtime.exceptionThrown',
      (p) => this.errors.push(JSON.stringify(p.exceptionDetails)),
      this.session,
    );
    await this.send('Network.enable');
    await this.send('Page.enable');
    await this.send('Runtime.enable');
    await this.send('Emulation.setDeviceMetricsOverride', {
      width,
      height,
      deviceScaleFactor: 1,
      mobile: false,
    });
  }

  async navigate(url: string): Promise<void> {
    const loaded = new Promise<void>((resolve) =>
      this.browser.on('Page.loadEventFired', () => resolve(), this.session),
    );
    await this.send('Page.navigate', { url });
    await loaded;
  }

  /** The value of `expression` (awaited when it is a promise), as JSON. */
  async evaluate<T>(expression: string): Promise<T> {
    const reply = await this.send('Runtime.evaluate', {
      expression,
      awaitPromise: true,
      returnByValue: true,
    });
    const details = reply.exceptionDetails as { text?: string } | undefined;
    if (details)
      throw new Error(`page script failed: ${JSON.stringify(details)}`);
    return (reply.result as { value: T }).value;
  }

  async waitFor(expression: string, timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!(await this.evaluate<boolean>(`Boolean(${expression})`))) {
      if (Date.now() > until)
        throw new Error(`timed out waiting for ${expression}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Closes the tab. */
  async close(): Promise<void> {
    await this.send('Page.close');
  }

  /** A left click at viewport coordinates, as the mouse would give it. */
  async click(x: number, y: number): Promise<void> {
    // A background tab does not draw; the click must land on what is drawn.
    await this.send('Page.bringToFront');
    for (const type of ['mousePressed', 'mouseReleased'])
      await this.send('Input.dispatchMouseEvent', {
        type,
        x,
        y,
        button: 'left',
        clickCount: 1,
      });
  }

  /** A PNG of one element, wherever it is on the page. */
  async screenshotElement(selector: string, file: string): Promise<void> {
    const clip = await this.evaluate<Record<string, number>>(`(() => {
      const r = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect();
      return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height, scale: 1 };
    })()`);
    const { data } = await this.send('Page.captureScreenshot', {
      format: 'png',
      clip,
      captureBeyondViewport: true,
    });
    writeFileSync(file, Buffer.from(String(data), 'base64'));
  }

  /** A PNG of the viewport, or of the whole page down to `clipHeight` px. */
  async screenshot(file: string, clipHeight?: number): Promise<void> {
    const clip = clipHeight
      ? {
          x: 0,
          y: 0,
          width: await this.evaluate<number>(
            'document.documentElement.clientWidth',
          ),
          height: clipHeight,
          scale: 1,
        }
      : undefined;
    const { data } = await this.send('Page.captureScreenshot', {
      format: 'png',
      ...(clip ? { clip, captureBeyondViewport: true } : {}),
    });
    writeFileSync(file, Buffer.from(String(data), 'base64'));
  }
}
