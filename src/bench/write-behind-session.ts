/**
 * A SqlSession whose statements run behind its caller: on a connection of their own, in a worker
 * thread, in the order they were given, while the caller goes on. Made for the W1 generator, which
 * only writes (issue 12): at a million entries it waited 69 of its 212 s for PostgreSQL, because
 * its posting engine runs synchronously between the writes, so nothing else could send them.
 *
 * COPY rows are still turned into text on the caller's thread (they are its objects); only bytes
 * and statement parameters cross to the thread. A statement resolves as soon as it is queued, with
 * no rows; reading is refused. The first statement that fails stops the rest (the thread rolls its
 * transaction back); its error is thrown by `flush()`, and by every call once it is known. Memory
 * stays bounded: a call waits while more than `maxBehindBytes` are queued.
 */
import * as path from 'path';
import { Worker } from 'worker_threads';
import { CopyTextBuffer, copyRow, SqlSession, type SqlValue, toParam } from '../database/sql-session';
import type { WriteBehindReply, WriteBehindRequest } from './write-behind-thread';

const DEFAULT_MAX_BEHIND_BYTES = 64 * 1024 * 1024;

export class WriteBehindSession extends SqlSession {
  private readonly worker: Worker;
  private nextId = 0;
  private behindBytes = 0;
  private failure: Error | null = null;
  private readonly settled = new Map<number, () => void>();
  private wakeUp: (() => void) | null = null;
  private closed = false;

  /** `threadFile`: the compiled thread (the default, beside this file, is there when the code runs compiled). */
  constructor(
    url: string,
    private readonly maxBehindBytes = DEFAULT_MAX_BEHIND_BYTES,
    threadFile = path.join(__dirname, 'write-behind-thread.js'),
  ) {
    // No client of its own: every method that would use one is overridden below.
    super(undefined as never);
    this.worker = new Worker(threadFile, { workerData: { url } });
    this.worker.on('message', (reply: WriteBehindReply) => {
      this.behindBytes -= reply.bytes;
      if (reply.error !== undefined && !this.failure) this.failure = new Error(reply.error);
      this.settled.get(reply.id)?.();
      this.settled.delete(reply.id);
      this.wake();
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => {
      if (!this.closed) this.fail(new Error(`the write-behind thread stopped (exit code ${code})`));
    });
  }

  /** Bytes given to the thread and not yet written by it. */
  get behind(): number {
    return this.behindBytes;
  }

  override async query<T = Record<string, unknown>>(text: string, values: readonly SqlValue[] = []): Promise<T[]> {
    await this.send({ kind: 'query', id: 0, bytes: text.length, text, values: values.map(toParam) });
    return [];
  }

  override queryArrays(_text: string, _values?: readonly SqlValue[]): Promise<unknown[][]> {
    return Promise.reject(new Error('a write-behind session only writes'));
  }

  override queryMapped<T>(_text: string, _values: readonly SqlValue[], _convert: (row: unknown[]) => T): Promise<T[]> {
    return Promise.reject(new Error('a write-behind session only writes'));
  }

  override queryChunks(_text: string, _values: readonly SqlValue[], _onRows: (rows: unknown[][]) => Promise<void>): Promise<void> {
    return Promise.reject(new Error('a write-behind session only writes'));
  }

  override async copyIn(table: string, columns: readonly string[], rows: Iterable<readonly SqlValue[]>): Promise<number> {
    const text = new CopyTextBuffer();
    for (const row of rows) text.add(copyRow(row));
    return this.copyInText(table, columns, text);
  }

  override async copyInText(table: string, columns: readonly string[], text: CopyTextBuffer): Promise<number> {
    const pieces = text.pieces();
    const bytes = pieces.reduce((sum, p) => sum + p.length, 0);
    await this.send({ kind: 'copy', id: 0, bytes, table, columns: [...columns], pieces });
    return text.rows;
  }

  /** Waits until every statement given so far has run; throws the first failure. */
  async flush(): Promise<void> {
    this.check();
    const id = ++this.nextId;
    const done = new Promise<void>((resolve) => this.settled.set(id, resolve));
    this.worker.postMessage({ kind: 'sync', id, bytes: 0 } satisfies WriteBehindRequest);
    await done; // a failure settles every wait
    this.check();
  }

  /** Ends the thread and its connection (a transaction still open is rolled back by the server). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ kind: 'close', id: ++this.nextId, bytes: 0 } satisfies WriteBehindRequest);
    await exited;
  }

  private async send(request: WriteBehindRequest & { bytes: number }): Promise<void> {
    this.check();
    request.id = ++this.nextId;
    this.behindBytes += request.bytes;
    this.worker.postMessage(request);
    // The thread's replies arrive only when this thread's event loop turns: waiting here is what
    // lets them in when the caller runs ahead.
    while (this.behindBytes > this.maxBehindBytes && !this.failure) await new Promise<void>((resolve) => (this.wakeUp = resolve));
    this.check();
  }

  private wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = null;
    wakeUp?.();
  }

  private fail(e: Error): void {
    if (!this.failure) this.failure = e;
    for (const resolve of this.settled.values()) resolve();
    this.settled.clear();
    this.wake();
  }

  private check(): void {
    if (this.failure) throw this.failure;
    if (this.closed) throw new Error('the write-behind session is closed');
  }
}
