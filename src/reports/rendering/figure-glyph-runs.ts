/**
 * Figures laid out from their characters' glyphs instead of shaped by fontkit, word by word.
 *
 * pdfkit shapes every distinct word of a document with fontkit's full OpenType engine (script
 * detection, GSUB and GPOS lookups) and caches the run per word. A report's words are mostly
 * figures, and nearly every figure is a word of its own: the Inventory Valuation of 5,000 items
 * shapes about 60,000 of them, a quarter of the time pdfmake takes to print it. Shaping a figure
 * gives the same run as putting its characters' runs side by side — one glyph per character, no
 * kerning or ligature between them — when the font has no lookup that joins these characters.
 * That is checked, not assumed: a character takes the short way only if fontkit shapes it alone
 * to one glyph, and two characters side by side only if fontkit shapes the pair as their two
 * runs (pairs are where kerning and ligatures act) — each pair checked the first time a figure
 * has it, once per font file and process. Any other word is shaped by fontkit as before. The runs
 * are the same numbers, so the PDF is the same bytes (a test compares the runs of every two and
 * three figure characters and of many printed figures, and prints documents both ways).
 *
 * pdfkit has no hook for this; its EmbeddedFont class is reached through a font it opens, and
 * its `layoutRun` (fontkit's run, scaled to 1,000 units, which `layoutCached` keeps per word) is
 * wrapped once per process. pdfkit's version (0.19.1, under pdfmake 0.3.11) is fixed by the
 * lockfile; the tests above fail if that method's contract changes.
 */

/** What a figure is printed with: digits, separators and signs of both locales (nb-NO: U+00A0, U+2212). */
export const FIGURE_CHARACTERS = '0123456789.,-\u2212+%() \u00a0';

interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}

interface Glyph {
  id: number;
}

/** A run as pdfkit's EmbeddedFont returns it, positions scaled to 1,000 units per em. */
export interface GlyphRun {
  glyphs: Glyph[];
  positions: Position[];
  readonly advanceWidth: number;
}

/** pdfkit's EmbeddedFont, as far as this module uses it. */
interface EmbeddedFont {
  font: object;
  layoutRun(text: string, features?: unknown): GlyphRun;
}

type LayoutRun = EmbeddedFont['layoutRun'];

const FIGURE_CODES = new Set([...FIGURE_CHARACTERS].map((c) => c.charCodeAt(0)));

/** Per font file: whether two figure characters (key: both UTF-16 codes) shape side by side as their own runs. */
const pairVerdicts = new WeakMap<object, Map<number, boolean>>();

function samePosition(a: Position, b: Position): boolean {
  return a.xAdvance === b.xAdvance && a.yAdvance === b.yAdvance && a.xOffset === b.xOffset && a.yOffset === b.yOffset && a.advanceWidth === b.advanceWidth;
}

/** True when `pair` shaped gives the runs of its two characters, side by side. */
function shapesAsHalves(pair: GlyphRun, first: GlyphRun, second: GlyphRun): boolean {
  return (
    pair.glyphs.length === 2 &&
    pair.glyphs[0].id === first.glyphs[0].id &&
    pair.glyphs[1].id === second.glyphs[0].id &&
    samePosition(pair.positions[0], first.positions[0]) &&
    samePosition(pair.positions[1], second.positions[0])
  );
}

/** The font file's bytes where fontkit keeps them (pairs are checked once per file and process), else the font itself. */
function fontFile(font: EmbeddedFont): object {
  return (font.font as { stream?: { buffer?: object } }).stream?.buffer ?? font.font;
}

/** Composes figures for one font opened by pdfkit, shaping with `shape` (fontkit) what it must check. */
class FigureComposer {
  /** A figure character's run shaped alone in this font, or null when it is not one glyph. */
  private readonly runs = new Map<number, GlyphRun | null>();
  private readonly pairs: Map<number, boolean>;

  constructor(
    private readonly font: EmbeddedFont,
    private readonly shape: LayoutRun,
  ) {
    const file = fontFile(font);
    let pairs = pairVerdicts.get(file);
    if (pairs === undefined) pairVerdicts.set(file, (pairs = new Map()));
    this.pairs = pairs;
  }

  /** A figure character's run, shaped alone once per document; null if it is no figure character or not one glyph. */
  characterRun(code: number): GlyphRun | null {
    let run = this.runs.get(code);
    if (run === undefined) {
      const shaped = FIGURE_CODES.has(code) ? this.shape.call(this.font, String.fromCharCode(code)) : null;
      run = shaped !== null && shaped.glyphs.length === 1 && shaped.glyphs[0].id !== 0 ? shaped : null;
      this.runs.set(code, run);
    }
    return run;
  }

  /** Whether two characters, with these runs, shape side by side as those runs (checked once per font file). */
  composes(first: number, firstRun: GlyphRun, second: number, secondRun: GlyphRun): boolean {
    const key = first * 0x10000 + second;
    let verdict = this.pairs.get(key);
    if (verdict === undefined) {
      verdict = shapesAsHalves(this.shape.call(this.font, String.fromCharCode(first, second)), firstRun, secondRun);
      this.pairs.set(key, verdict);
    }
    return verdict;
  }

  /** The run of `text` from its characters' runs, or null when a character or a pair does not compose. */
  run(text: string): GlyphRun | null {
    const glyphs: Glyph[] = [];
    const positions: Position[] = [];
    let advanceWidth = 0;
    let previous: GlyphRun | null = null;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      const run = this.characterRun(code);
      if (run === null) return null;
      if (previous !== null && !this.composes(text.charCodeAt(i - 1), previous, code, run)) return null;
      glyphs.push(run.glyphs[0]);
      positions.push(run.positions[0]);
      // Summed in order, as fontkit's GlyphRun.advanceWidth sums its positions.
      advanceWidth += run.positions[0].xAdvance;
      previous = run;
    }
    return { glyphs, positions, advanceWidth };
  }
}

/** pdfkit's own EmbeddedFont.layoutRun (fontkit's shaping), once composeFigureRuns has wrapped it. */
let shapeWithFontkit: LayoutRun | null = null;
let composing = true;
/** The composer of each font pdfkit opened (one per font and document). */
const composers = new WeakMap<object, FigureComposer>();

/**
 * Wraps pdfkit's EmbeddedFont.layoutRun (found through `openFont`, which opens a font with
 * pdfkit) so that figures are composed from their characters' runs. Once per process.
 */
export function composeFigureRuns(openFont: () => EmbeddedFont): void {
  if (shapeWithFontkit !== null) return;
  const proto = Object.getPrototypeOf(openFont()) as EmbeddedFont;
  const shape = (shapeWithFontkit = proto.layoutRun);
  proto.layoutRun = function (this: EmbeddedFont, text: string, features?: unknown): GlyphRun {
    if (composing && features === undefined && text.length > 1) {
      let composer = composers.get(this);
      if (composer === undefined) composers.set(this, (composer = new FigureComposer(this, shape)));
      const run = composer.run(text);
      if (run !== null) return run;
    }
    return shape.call(this, text, features);
  };
}

/** Turns composing off and on (the tests that compare runs and PDFs both ways). */
export function setFigureComposition(on: boolean): void {
  composing = on;
}

/** The figure characters a font (as pdfkit opened it) composes with every figure character on either side: all of them for Roboto. */
export function composableCharacters(font: EmbeddedFont): string {
  if (shapeWithFontkit === null) throw new Error('figure composition is not installed (composeFigureRuns)');
  const composer = new FigureComposer(font, shapeWithFontkit);
  const codes = [...FIGURE_CODES];
  const composes = (a: number, b: number) => {
    const [first, second] = [composer.characterRun(a), composer.characterRun(b)];
    return first !== null && second !== null && composer.composes(a, first, b, second);
  };
  return codes
    .filter((a) => composer.characterRun(a) !== null && codes.every((b) => composes(a, b) && composes(b, a)))
    .map((c) => String.fromCharCode(c))
    .join('');
}
