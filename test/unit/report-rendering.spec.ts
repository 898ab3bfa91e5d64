/**
 * Report rendering pieces without a database: the template safety check, the JSON helpers, the
 * locales (labels complete in both; nb-NO figures), the CSV format and the exact allocation.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Dec } from '../../src/common/decimal';
import { csvLine, toCsv } from '../../src/common/csv';
import { allocateExactly } from '../../src/reports/definitions/allocation';
import type { ReportSection } from '../../src/reports/report-definition';
import { printPdf } from '../../src/reports/rendering/pdf-printer';
import { ReportLocale, parseLocale } from '../../src/reports/rendering/report-locale';
import { reportDocument } from '../../src/reports/rendering/report-pdf';
import { PdfStyles, sectionNode } from '../../src/reports/rendering/report-table';
import { checkTemplate, renderTemplate } from '../../src/reports/rendering/report-template';
import { templatesDir } from '../../src/reports/rendering/templates-dir';

const NASTY = 'Bolt "M8" \\ {{#each}}\n"}], "x": {{{ </script>';
const en = new ReportLocale('en', { amount: '0.01', unitAmount: '0.00001' });
const nb = new ReportLocale('nb-NO', { amount: '0.01', unitAmount: '0.00001' });

describe('report templates', () => {
  it('accept only JSON helpers in mustaches', () => {
    expect(() =>
      checkTemplate('ok', '{ "a": {{json x}}, "b": {{t "page.options"}}, "c": [{{#each xs}}{{json this}}{{/each}}], "d": {{section 0}} }'),
    ).not.toThrow();
    expect(() => checkTemplate('plain', '{ "a": "{{x}}" }')).toThrow(/must be written through a JSON helper/);
    expect(() => checkTemplate('triple', '{ "a": {{{json x}}} }')).toThrow(/triple-stash/);
    expect(() => checkTemplate('bare helper', '{ "a": {{json}} }')).toThrow(/JSON helper/);
    expect(() => checkTemplate('custom block', '{{#custom x}}{{/custom}}')).toThrow(/not allowed/);
  });

  it('every shipped template and partial passes the check', () => {
    const dir = path.join(templatesDir(), 'reports');
    const files = [...fs.readdirSync(dir).filter((f) => f.endsWith('.hbs')), ...fs.readdirSync(path.join(dir, 'partials')).map((f) => `partials/${f}`)];
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const f of files) expect(() => checkTemplate(f, fs.readFileSync(path.join(dir, f), 'utf8'))).not.toThrow();
  });

  it('writes values as JSON literals: quotes, backslashes, newlines and {{ }} come out as they went in', () => {
    const doc = renderTemplate(
      'inventory-valuation',
      {
        orientation: 'landscape',
        title: NASTY,
        company: NASTY,
        subject: NASTY,
        draft: false,
        periodText: NASTY,
        options: [{ label: NASTY, value: NASTY }],
        notes: [NASTY],
      },
      en,
    );
    const content = doc.content as { text?: string; table?: { body: { text: string }[][] }; stack?: { ul?: string[] }[] }[];
    expect(content[0].text).toBe(NASTY);
    expect(content[1].text).toBe(NASTY);
    expect(content[4].table?.body[0][1].text).toBe(NASTY);
    expect(JSON.stringify(doc)).toContain('"$section":0');
    expect((doc.info as { author: string }).author).toBe(NASTY);
  });

  it('print a report run without options: no options heading, no empty table (pdfmake refuses one)', async () => {
    const meta = { company: 'C', runId: 'r', generatedAt: new Date('2026-01-01T00:00:00Z'), draft: false, options: [] };
    const data = {
      sections: [{ columns: [{ key: 'itemNo', label: 'column.itemNo', kind: 'text' as const }], lines: [] }],
      period: { from: null, to: null },
      rows: [],
    };
    const doc = reportDocument({ title: 'report.inventoryValuation.title', fileStem: 'inventory-valuation', orientation: 'landscape' }, data, meta, en);
    expect(JSON.stringify(doc.content)).not.toContain('"Options"');
    expect((await printPdf(doc)).length).toBeGreaterThan(1_000);
    const withOptions = reportDocument(
      { title: 'report.inventoryValuation.title', fileStem: 'inventory-valuation', orientation: 'landscape' },
      data,
      { ...meta, options: [{ label: 'L', value: 'V' }] },
      en,
    );
    expect(JSON.stringify(withOptions.content)).toContain('"Options"');
  });
});

describe('report tables', () => {
  const section: ReportSection = {
    title: { key: 'page.notes' },
    columns: [
      { key: 'itemNo', label: 'column.itemNo', kind: 'text' },
      { key: 'description', label: 'column.description', kind: 'text', width: '*' },
      { key: 'inQty', label: 'column.quantity', kind: 'quantity', group: { label: { key: 'group.increases' }, span: 2 } },
      { key: 'inValue', label: 'column.value', kind: 'amount' },
    ],
    lines: [
      { kind: 'heading', label: { key: 'page.notes' }, values: {} },
      ...Array.from({ length: 120 }, (_, i) => ({
        kind: 'detail' as const,
        values: { itemNo: `I${i}`, description: `Article ${i} ${'long '.repeat(i % 7)}`, inQty: String(i), inValue: `${i * 13}.25` },
      })),
      { kind: 'groupTotal', label: { key: 'page.notes' }, values: { inValue: '1234.50' } },
      { kind: 'grandTotal', label: { key: 'page.notes' }, values: { inQty: '7140', inValue: '-98765.43' } },
    ],
  };
  const frame = renderTemplate(
    'inventory-valuation',
    { orientation: 'landscape', title: 'T', company: 'C', subject: 'S', draft: false, periodText: 'P', options: [], notes: [] },
    en,
  );
  const styles = frame.styles as PdfStyles;
  const documentWith = (table: Record<string, unknown>) => ({
    ...frame,
    content: [table],
    info: { title: 'T', creationDate: new Date('2026-01-01T00:00:00Z'), modDate: new Date('2026-01-01T00:00:00Z') },
  });

  it("write each cell's named style onto the cell, its own properties winning", () => {
    const node = sectionNode(section, en, styles) as { stack: { table?: { body: Record<string, unknown>[][] } }[] };
    const body = node.stack[1].table?.body ?? [];
    expect(body[0][2]).toEqual({ ...styles.groupHeader, text: 'Increases (LCY)', colSpan: 2 });
    expect(body[1][3]).toEqual({ ...styles.tableHeader, text: 'Value', alignment: 'right' });
    expect(body[2][0]).toMatchObject({ ...styles.heading, colSpan: 4 });
    expect(body[3][3]).toEqual({ ...styles.cell, text: '0.25', alignment: 'right', noWrap: true });
    expect(body[3][3]).not.toHaveProperty('style');
    // Without the document's styles (or for a style it does not define) the name stays, for pdfmake to resolve.
    const named = sectionNode(section, en) as { stack: { table?: { body: Record<string, unknown>[][] } }[] };
    expect(named.stack[1].table?.body[3][3]).toEqual({ text: '0.25', style: 'cell', alignment: 'right', noWrap: true });
  });

  it('print the same PDF, byte for byte, as the named styles did', async () => {
    const byName = await printPdf(documentWith(sectionNode(section, en)));
    const resolved = await printPdf(documentWith(sectionNode(section, en, styles)));
    expect(byName.length).toBeGreaterThan(5_000);
    expect(resolved.equals(byName)).toBe(true);
  });
});

describe('report locales', () => {
  it('have the same labels in English and Norwegian', () => {
    const read = (l: string) => Object.keys(JSON.parse(fs.readFileSync(path.join(templatesDir(), 'locales', `${l}.json`), 'utf8'))).sort();
    expect(read('nb-NO')).toEqual(read('en'));
  });

  it('print nb-NO figures with a no-break space between thousands, a decimal comma and the minus sign U+2212', () => {
    expect(nb.number('amount', '-1234.5')).toBe('\u22121\u00a0234,50');
    expect(nb.number('amount', '1234567.891')).toBe('1\u00a0234\u00a0567,89');
    expect(en.number('amount', '-1234.5')).toBe('-1,234.50');
    expect(en.number('quantity', '2.5')).toBe('2.5');
    expect(en.number('amount', '-0.001')).toBe('0.00');
  });

  it('format decimal strings exactly, beyond the range of a float', () => {
    expect(en.number('amount', '12345678901234567.125')).toBe('12,345,678,901,234,567.13');
  });

  it('print dates and fill placeholders', () => {
    expect(en.date('2026-10-31')).toBe('Oct 31, 2026');
    expect(nb.date('2026-10-31')).toBe('31. okt. 2026');
    expect(nb.text({ key: 'page.pageOf', values: { page: '2', pages: '9' } })).toBe('Side 2 av 9');
    expect(en.text({ key: 'group.asOf', values: { date: { date: '2026-01-01' } } })).toBe('As of Jan 1, 2026');
    expect(() => en.text('no.such.label')).toThrow(/no label/);
  });

  it('refuses an unknown locale naming the option', () => {
    expect(parseLocale('NB-no')).toBe('nb-NO');
    expect(() => parseLocale('de')).toThrow(/locale/);
  });
});

describe('CSV', () => {
  it('is RFC 4180 with a byte-order mark', () => {
    const text = toCsv(
      [
        { key: 'a', header: 'A' },
        { key: 'b', header: 'B, b' },
      ],
      [
        { a: NASTY, b: '-1234.50' },
        { a: null, b: 3 },
      ],
    );
    expect(text.startsWith('\uFEFFA,"B, b"\r\n')).toBe(true);
    expect(text).toContain(`"Bolt ""M8"" \\ {{#each}}\n""}], ""x"": {{{ </script>",-1234.50\r\n`);
    expect(text.endsWith(',3\r\n')).toBe(true);
    expect(csvLine(['x', 'y'])).toBe('x,y\r\n');
  });
});

describe('allocateExactly', () => {
  const d = (xs: string[]) => xs.map((x) => new Dec(x));
  const p = new Dec('0.01');
  it('scales weights onto a total and rounds so that the parts add up exactly', () => {
    const parts = allocateExactly(new Dec('100'), d(['1', '1', '1']), p);
    expect(parts.map((x) => x.toFixed())).toEqual(['33.34', '33.33', '33.33']);
    const parts2 = allocateExactly(new Dec('-42'), d(['-34.5', '0', '0']), p);
    expect(parts2.map((x) => x.toFixed())).toEqual(['-42', '0', '0']);
  });
  it('keeps weights that add up to zero when the total is zero, and puts a total on the first part otherwise', () => {
    expect(allocateExactly(new Dec(0), d(['5', '-5']), p).map((x) => x.toFixed())).toEqual(['5', '-5']);
    expect(allocateExactly(new Dec(3), d(['5', '-5']), p).map((x) => x.toFixed())).toEqual(['3', '0']);
  });
});
