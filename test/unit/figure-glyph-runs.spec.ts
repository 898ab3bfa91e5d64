/**
 * Figures composed from their characters' glyph runs (figure-glyph-runs.ts) against fontkit's
 * shaping of the same text, in the fonts the reports embed: the same glyphs, the same positions,
 * the same width — and so the same PDF bytes.
 */
import { composableCharacters, composeFigureRuns, FIGURE_CHARACTERS, GlyphRun, setFigureComposition } from '../../src/reports/rendering/figure-glyph-runs';
import { openRoboto, PdfKitFont, printPdf } from '../../src/reports/rendering/pdf-printer';
import { ReportLocale } from '../../src/reports/rendering/report-locale';

composeFigureRuns(() => openRoboto(false));

const FONTS: [string, PdfKitFont][] = [
  ['regular', openRoboto(false)],
  ['bold', openRoboto(true)],
];

/** The run of `text` with composing on or off (off: fontkit shapes it, as pdfkit does). */
function runOf(font: PdfKitFont, text: string, composing: boolean): GlyphRun {
  setFigureComposition(composing);
  try {
    return font.layoutRun(text);
  } finally {
    setFigureComposition(true);
  }
}

/** What pdfkit reads of a run: glyph ids, the five position fields and the advance width. */
function printed(run: GlyphRun) {
  return {
    glyphs: run.glyphs.map((g) => g.id),
    positions: run.positions.map((p) => [p.xAdvance, p.yAdvance, p.xOffset, p.yOffset, p.advanceWidth]),
    advanceWidth: run.advanceWidth,
  };
}

/** Figures as the reports print them: every kind, both locales, signs, sizes from 0 to billions. */
function figures(): string[] {
  const locales = ['en', 'nb-NO'].map((name) => new ReportLocale(name as 'en' | 'nb-NO', { amount: '0.01', unitAmount: '0.00001' }));
  const out: string[] = [];
  let seed = 12_345;
  for (let i = 0; i < 2_000; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const digits = String(seed).slice(0, 1 + (i % 10));
    const value = `${i % 3 === 0 ? '-' : ''}${digits}.${String(seed % 100_000).padStart(5, '0')}`;
    for (const locale of locales)
      for (const kind of ['amount', 'quantity', 'unitAmount', 'integer'] as const)
        out.push(locale.number(kind, kind === 'integer' ? value.replace(/\..*/, '') : value));
  }
  return out;
}

describe('figures composed from their characters', () => {
  it('compose from every figure character in the fonts the reports embed', () => {
    for (const [, font] of FONTS) expect(composableCharacters(font)).toBe(FIGURE_CHARACTERS);
  });

  it("are fontkit's runs: every two and three figure characters, and figures as both locales print them", () => {
    const chars = [...FIGURE_CHARACTERS];
    const texts = [...chars.flatMap((a) => chars.flatMap((b) => [a + b, ...chars.map((c) => a + b + c)])), ...figures()];
    // Both locales' separators and signs are among them: "-1,234.5" and "−1 234,5" (no-break space).
    expect(texts.some((t) => /^-\d{1,3},\d{3}.*\.\d/.test(t))).toBe(true);
    expect(texts.some((t) => /^\u2212\d{1,3}\u00a0\d{3}.*,\d/.test(t))).toBe(true);
    for (const [name, font] of FONTS) {
      let composed = 0;
      for (const text of texts) {
        const fast = runOf(font, text, true);
        const shaped = runOf(font, text, false);
        // Composed runs are plain objects; fontkit's are GlyphRuns.
        if (Object.getPrototypeOf(fast) === Object.prototype) composed++;
        if (JSON.stringify(printed(fast)) !== JSON.stringify(printed(shaped))) throw new Error(`${name}: ${JSON.stringify(text)} composes differently`);
      }
      // A single character is shaped by fontkit (pdfkit keeps each run per document anyway).
      expect([name, composed]).toEqual([name, texts.filter((t) => t.length > 1).length]);
    }
  });

  it('leave any other word, and a run with font features, to fontkit', () => {
    const [, font] = FONTS[0];
    for (const text of ['W00001', 'Total', '12 kg', 'x']) {
      const run = runOf(font, text, true);
      expect(Object.getPrototypeOf(run)).not.toBe(Object.prototype);
      expect(printed(run)).toEqual(printed(runOf(font, text, false)));
    }
    expect(Object.getPrototypeOf(font.layoutRun('1234', ['tnum']))).not.toBe(Object.prototype);
  });

  it('leave a figure with a pair the font kerns to fontkit, and compose the rest', () => {
    // A font like pdfkit's (same class) whose shaping kerns "1" before "7" and draws "4" with two glyphs.
    const font = Object.create(Object.getPrototypeOf(FONTS[0][1])) as PdfKitFont & { scale: number; font: object };
    font.scale = 1;
    const shaped: string[] = [];
    font.font = {
      layout: (text: string) => {
        shaped.push(text);
        const glyphs = [...text].flatMap((c) =>
          c === '4'
            ? [
                { id: 1, advanceWidth: 300 },
                { id: 2, advanceWidth: 200 },
              ]
            : [{ id: c.charCodeAt(0), advanceWidth: 500 }],
        );
        const positions = glyphs.map((g, i) => ({
          xAdvance: text[i] === '1' && text[i + 1] === '7' ? 450 : g.advanceWidth,
          yAdvance: 0,
          xOffset: 0,
          yOffset: 0,
        }));
        return { glyphs, positions, advanceWidth: positions.reduce((w, p) => w + p.xAdvance, 0) };
      },
    };
    const xAdvances = (text: string) => font.layoutRun(text).positions.map((p) => p.xAdvance);
    expect(xAdvances('17')).toEqual([450, 500]);
    expect(xAdvances('2,17')).toEqual([500, 500, 450, 500]);
    expect(xAdvances('4')).toEqual([300, 200]);
    expect(xAdvances('44')).toEqual([300, 200, 300, 200]);
    // Composed (from "1", "7" and "," shaped alone and their pairs checked): the same figures.
    expect(xAdvances('71')).toEqual([500, 500]);
    expect(font.layoutRun('7,1').advanceWidth).toBe(1500);
    expect(shaped).toContain('2,17');
    expect(shaped).not.toContain('7,1');
    expect(shaped).toContain(',1'); // the pair, checked
  });

  it('print the same PDF, byte for byte, as fontkit shaping every word', async () => {
    const row = (i: number) => [
      { text: `W${String(i).padStart(5, '0')} Item ${i}`, bold: i % 5 === 0 },
      { text: `${i * 37},${String(i % 1000).padStart(3, '0')}.${String(i % 100).padStart(2, '0')}`, alignment: 'right', noWrap: true },
      { text: `\u2212${i}\u00a0${String((i * 7) % 1000).padStart(3, '0')},5${i % 10}`, alignment: 'right', noWrap: true, bold: i % 2 === 0 },
    ];
    const document = () => ({
      content: [
        // Chart text (svg-to-pdfkit lays it out through the same fonts), then the table.
        {
          svg: `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40"><text x="5" y="15" font-family="Roboto" font-size="9">1,234.50 \u22127\u00a0001,25</text><text x="5" y="30" font-family="Roboto" font-weight="bold" font-size="9">Total 98,765.43</text></svg>`,
          width: 300,
        },
        { table: { headerRows: 1, widths: ['*', 'auto', 'auto'], body: Array.from({ length: 300 }, (_, i) => row(i)) } },
      ],
      defaultStyle: { font: 'Roboto', fontSize: 8 },
      info: { title: 'T', creationDate: new Date('2026-01-01T00:00:00Z'), modDate: new Date('2026-01-01T00:00:00Z') },
    });
    const composed = await printPdf(document());
    setFigureComposition(false);
    const shaped = await printPdf(document()).finally(() => setFigureComposition(true));
    expect(composed.length).toBeGreaterThan(10_000);
    expect(composed.equals(shaped)).toBe(true);
  });
});
