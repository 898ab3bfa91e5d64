/**
 * `npm run bench:report [-- --entries 1000000 --seed 1 --locale en]`: the Inventory Valuation PDF
 * for all 5,000 W1 items over the W1 year, measured in one process against a floor from the same
 * run: COPY out of the value-entry columns the report aggregates (what reading the data costs at
 * least). Prints the seconds for the data (SQL) and the PDF, pages, bytes and the peak RSS of the
 * process (the kernel's high-water mark, which includes the service's own start-up).
 */
import { Writable } from 'stream';
import { pipeline } from 'stream/promises';
import { NestFactory } from '@nestjs/core';
import * as pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { AppModule } from '../app.module';
import { loadAppConfig } from '../config/app-config';
import { databaseUrl } from '../scenario/scenario-database';
import { PdfRenderer, reportPdfRequest } from '../reports/rendering/pdf-renderer';
import { parseLocale } from '../reports/rendering/report-locale';
import { ReportService } from '../reports/report.service';
import { argText, argValue, fmt, peakRssMb, timed } from './bench-support';
import { ensureW1, serverUrlForBench } from './w1-database';
import { limitHeapGrowth } from '../common/heap-growth';

const OPTIONS = { startDate: '2025-01-01', endDate: '2025-12-31' };

async function floor(url: string): Promise<{ seconds: number; bytes: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let bytes = 0;
    const run = await timed(() =>
      pipeline(
        client.query(
          copyTo(`COPY (SELECT v.item_no, e.positive, v.posting_date, v.entry_type, v.invoiced_quantity, v.cost_amount_actual, p.cost_posted_to_gl
                          FROM value_entry v JOIN item_ledger_entry e ON e.entry_no = v.item_ledger_entry_no
                          LEFT JOIN value_entry_gl_posting p ON p.value_entry_no = v.entry_no
                         WHERE v.posting_date <= '${OPTIONS.endDate}') TO STDOUT`),
        ),
        new Writable({ write: (chunk: Buffer, _e, done) => ((bytes += chunk.length), done()) }),
      ),
    );
    return { seconds: run.seconds, bytes };
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const entries = argValue('entries', 1_000_000);
  const seed = argValue('seed', 1);
  const locale = parseLocale(argText('locale') ?? 'en');
  const server = await serverUrlForBench();
  try {
    const name = await ensureW1(server.url, entries, seed);
    const url = databaseUrl(server.url, name);
    const app = await NestFactory.createApplicationContext(
      AppModule.forRoot({ config: { ...loadAppConfig(), logLevel: 'error' }, databaseUrl: url, migrate: true }),
      { logger: false },
    );
    try {
      const startupMb = peakRssMb();
      const base = await floor(url);
      const reports = app.get(ReportService);
      const pre = await reports.data('inventoryValuation', OPTIONS, 'BENCH');
      const small = { ...pre.data, sections: pre.data.sections.map((s) => ({ ...s, lines: s.lines.slice(0, 80) })) };
      const warmReq = reportPdfRequest(pre.definition, small, { company: 'x', runId: 'w', generatedAt: new Date(), draft: false, options: [] }, { name: locale, precisions: { amount: pre.setup.amountPrecision, unitAmount: pre.setup.unitAmountPrecision } });
      const warm = process.env.WARM ? app.get(PdfRenderer).renderReport(warmReq) : Promise.resolve(null);
      const data = await timed(() => reports.data('inventoryValuation', OPTIONS, 'BENCH'));
      const w0 = Date.now(); await warm; process.stdout.write(`warm waited ${Date.now() - w0} ms\n`);
      const { definition, setup } = data.value;
      // Printed as the service prints: on the renderer's worker thread (the document is built there).
      const pdf = await timed(() =>
        app
          .get(PdfRenderer)
          .renderReport(
            reportPdfRequest(
              definition,
              data.value.data,
              { company: setup.companyName, runId: 'bench', generatedAt: new Date(), draft: false, options: [{ label: 'Bench', value: 'W1' }] },
              { name: locale, precisions: { amount: setup.amountPrecision, unitAmount: setup.unitAmountPrecision } },
            ),
          ),
      );
      const total = data.seconds + pdf.seconds;
      const items = data.value.data.rows.length;
      const pages = (pdf.value.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
      const peak = peakRssMb();
      process.stdout.write(
        [
          `bench:report — Inventory Valuation PDF (${locale}), W1: ${entries} item ledger entries, ${OPTIONS.startDate}..${OPTIONS.endDate}`,
          `  floor (COPY out of the value entries read)  ${fmt(base.seconds)} s   ${(base.bytes / 1024 / 1024).toFixed(1)} MB`,
          `  data (SQL, set-based)                        ${fmt(data.seconds)} s   ${items} items   ${fmt(data.seconds / base.seconds, 1)}× the floor`,
          `  PDF (template + pdfmake)                     ${fmt(pdf.seconds)} s   ${pages} pages   ${(pdf.value.length / 1024).toFixed(0)} KB`,
          `  total                                        ${fmt(total)} s   ${fmt(total / base.seconds, 1)}× the floor   peak RSS ${peak} MB (service start-up alone ${startupMb} MB)   (bars: ≤ 10 s, ≤ 500 MB)`,
        ].join('\n') + '\n',
      );
      if (total > 10 || peak > 500) process.exitCode = 1;
    } finally {
      await app.close();
    }
  } finally {
    await server.stop();
  }
}

limitHeapGrowth();
main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
