/**
 * A fake JupiterOne synchronization API on 127.0.0.1, speaking the protocol the SDK 8.41 runtime
 * uses (`POST /persister/synchronization/jobs`, `/jobs/:id/{events,entities,relationships,
 * finalize,abort}`), recording every call so a test can check what `j1-integration sync` sent.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';

export interface RecordedCall {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export interface FakeJob {
  id: string;
  integrationJobId?: string;
  status: 'AWAITING_UPLOADS' | 'FINALIZE_PENDING' | 'ABORTED';
  startTimestamp: number;
  numEntitiesUploaded: number;
  numRelationshipsUploaded: number;
  source?: string;
  integrationInstanceId?: string;
}

export interface FakeJupiterOne {
  url: string;
  calls: RecordedCall[];
  jobs: Map<string, FakeJob>;
  entities: any[];
  relationships: any[];
  finalizeBodies: any[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<any> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? JSON.parse(text) : undefined);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export async function startFakeJupiterOne(): Promise<FakeJupiterOne> {
  const calls: RecordedCall[] = [];
  const jobs = new Map<string, FakeJob>();
  const entities: any[] = [];
  const relationships: any[] = [];
  const finalizeBodies: any[] = [];
  let nextJob = 1;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const path = (req.url ?? '').split('?')[0];
    calls.push({ method: req.method ?? '', path, headers: req.headers, body });

    if (!req.headers.authorization?.startsWith('Bearer ')) {
      return send(res, 401, { error: 'Unauthorized' });
    }
    if (req.method === 'POST' && path === '/persister/synchronization/jobs') {
      const id = `job-${nextJob++}`;
      const job: FakeJob = {
        id,
        integrationJobId: `integration-job-${id}`,
        status: 'AWAITING_UPLOADS',
        startTimestamp: Date.now(),
        numEntitiesUploaded: 0,
        numRelationshipsUploaded: 0,
        source: body?.source,
        integrationInstanceId: body?.integrationInstanceId,
      };
      jobs.set(id, job);
      return send(res, 200, { job });
    }
    const match =
      /^\/persister\/synchronization\/jobs\/([^/]+)(?:\/(\w+))?$/.exec(path);
    const job = match ? jobs.get(match[1]) : undefined;
    if (!match || !job) return send(res, 404, { error: 'Not found' });
    const action = match[2];
    if (req.method === 'GET' && !action) return send(res, 200, { job });
    if (req.method !== 'POST')
      return send(res, 405, { error: 'Method not allowed' });
    switch (action) {
      case 'events':
        return send(res, 200, {});
      case 'entities':
        entities.push(...(body?.entities ?? []));
        job.numEntitiesUploaded += body?.entities?.length ?? 0;
        return send(res, 200, {});
      case 'relationships':
        relationships.push(...(body?.relationships ?? []));
        job.numRelationshipsUploaded += body?.relationships?.length ?? 0;
        return send(res, 200, {});
      case 'finalize':
        finalizeBodies.push(body);
        job.status = 'FINALIZE_PENDING';
        return send(res, 200, { job });
      case 'abort':
        job.status = 'ABORTED';
        return send(res, 200, { job });
      default:
        return send(res, 404, { error: 'Not found' });
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 400, { error: 'Bad request' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    jobs,
    entities,
    relationships,
    finalizeBodies,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((err) => (err ? reject(err) : resolve())),
      ),
  };
}
