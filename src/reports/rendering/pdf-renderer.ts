/**
 * PDF rendering behind a provider (tests and the pipeline get the real one; nothing mocks it).
 *
 * Reports print on a worker thread (piscina, one thread per spare core, ended when idle): pdfmake
 * lays a document out synchronously, seconds for a large report, and on the service's thread
 * that would stop every HTTP request and the close's next report query for as long. Run from the
 * TypeScript sources (the tests, through swc) there is no compiled worker to start, and reports
 * print on the calling thread — the same code, the same bytes; a test runs the built worker and
 * compares.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Piscina } from 'piscina';
import { printReport, ReportPdfRequest } from './pdf-render.worker';

export { reportPdfRequest, type ReportPdfRequest } from './pdf-render.worker';

/** The compiled worker beside this file, when the code runs compiled (the service, the CLI, benchmarks). */
export function compiledWorkerFile(): string | null {
  const file = path.join(__dirname, 'pdf-render.worker.js');
  return fs.existsSync(file) ? file : null;
}

@Injectable()
export class PdfRenderer implements OnModuleDestroy {
  private pool: Piscina | null = null;
  /** The worker to print on; null prints on the calling thread. */
  private workerFile = compiledWorkerFile();

  /** A renderer printing on `workerFile` (null: on the calling thread) — for tests; the service's finds its own. */
  static printingOn(workerFile: string | null): PdfRenderer {
    const renderer = new PdfRenderer();
    renderer.workerFile = workerFile;
    return renderer;
  }

  /** True when reports print on a worker thread. */
  get threaded(): boolean {
    return this.workerFile !== null;
  }

  async renderReport(request: ReportPdfRequest): Promise<Buffer> {
    if (this.workerFile === null) return printReport(request);
    this.pool ??= new Piscina({
      filename: this.workerFile,
      minThreads: 0,
      // The other core is the database's (and, in a close, the next report's query).
      maxThreads: Math.max(1, os.availableParallelism() - 1),
      // A thread holds pdfmake, the fonts and its own heap: gone a while after the last report.
      idleTimeout: 30_000,
    });
    const bytes = (await this.pool.run(request)) as Uint8Array;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async onModuleDestroy(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.destroy();
  }
}
