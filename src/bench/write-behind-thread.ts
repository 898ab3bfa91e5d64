/**
 * The thread behind a WriteBehindSession: one connection, the statements in the order they come,
 * each acknowledged with its size so that the session knows how far behind it is. After a failure
 * the transaction is rolled back and the statements still coming are acknowledged unrun.
 */
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import { parentPort, workerData } from 'worker_threads';
import * as pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type WriteBehindRequest =
  | { kind: 'query'; id: number; bytes: number; text: string; values: unknown[] }
  | { kind: 'copy'; id: number; bytes: number; table: string; columns: string[]; pieces: Uint8Array[] }
  | { kind: 'sync' | 'close'; id: number; bytes: 0 };

export interface WriteBehindReply {
  id: number;
  bytes: number;
  /** The first failure, with the statement it came from. */
  error?: string;
}

function serve(port: NonNullable<typeof parentPort>, url: string): void {
  const client = new pg.Client({ connectionString: url });
  let failed = false;
  const failure = async (e: unknown, what: string): Promise<string> => {
    failed = true;
    await client.query('ROLLBACK').catch(() => undefined);
    return `${what}: ${e instanceof Error ? e.message : String(e)}`;
  };
  // Requests run one after another: each waits for the one before it.
  let previous: Promise<unknown> = client.connect().catch(async (e: unknown) => {
    failed = true;
    port.postMessage({ id: 0, bytes: 0, error: `connecting: ${e instanceof Error ? e.message : String(e)}` } satisfies WriteBehindReply);
  });
  port.on('message', (request: WriteBehindRequest) => {
    previous = previous.then(async () => {
      if (request.kind === 'close') {
        await client.end().catch(() => undefined);
        port.close();
        return;
      }
      const reply: WriteBehindReply = { id: request.id, bytes: request.bytes };
      if (!failed && request.kind === 'query') {
        await client.query(request.text, request.values).catch(async (e: unknown) => (reply.error = await failure(e, request.text.trim().slice(0, 200))));
      } else if (!failed && request.kind === 'copy') {
        const statement = `COPY ${request.table} (${request.columns.join(', ')}) FROM STDIN`;
        const bytes = request.pieces.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength));
        await pipeline(Readable.from(bytes), client.query(copyFrom(statement))).catch(async (e: unknown) => (reply.error = await failure(e, statement)));
      }
      port.postMessage(reply);
    });
  });
}

if (parentPort) serve(parentPort, (workerData as { url: string }).url);
