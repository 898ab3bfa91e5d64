/**
 * Figures laid out from their characters' glyphs instead of shaped by fontkit, word by word.
 *
 * pdfkit shapes every distinct word of a document with fontkit's full OpenType engine (script
 * detection, GSUB and GPOS lookups) and caches the run per word. A report's words are mostly
 * figures, and nearly every figure is a word of its own: the Inventory Valuation of 5,000 items
 * shapes about 60,000 of them, a quarter of the time pdfmake takes to print it. Shaping a figure
 * gives the same run as putting its characters' runs side by side — one glyph per character, no
 * kerning or ligature between them — when the font has no lookup that joins these characters.
 * That is checked, not assumed: for each font, every character of FIGURE_CHARACTERS is shaped
 * alone and beside every other (pairs are where kerning and ligatures act), and only characters
 * whose every pair shapes as its two halves take the short way; any other word is shaped by
 * fontkit as before. The runs are the same numbers, so the PDF is the same bytes (a test prints
 * reports both ways and compares them, and compares the runs of many figures).
 *
 * pdfkit has no hook for this; its EmbeddedFont class is reached through a font it opens, and
 * its `layoutRun` (fontkit's run, scaled to 1,000 units, which `layoutCached` keeps per word) is
 * wrapped once per process. pdfkit's version is pinned; the test above fails if that method's
 * contract changes.
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

/** Per font file: the characters verified to compose (the check shapes about 270 runs; a document opens its fonts anew). */
const composable = new WeakMap<object, string>();
/** Per font as opened for one document: each composable character's run, shaped alone. */
const characterRuns = new WeakMap<object, Map<string, GlyphRun>>();

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

/** The characters of FIGURE_CHARACTERS this font shapes to one glyph each, untouched by any neighbour among them. */
function verifiedCharacters(font: EmbeddedFont, shape: LayoutRun): string {
  const alone = new Map<string, GlyphRun>();
  for (const c of FIGURE_CHARACTERS) {
    const run = shape.call(font, c);
    if (run.glyphs.length === 1 && run.glyphs[0].id !== 0) alone.set(c, run);
  }
  const uneven = (): [string, string] | null => {
    for (const [a, first] of alone) for (const [b, second] of alone) if (!shapesAsHalves(shape.call(font, a + b), first, second)) return [a, b];
    return null;
  };
  for (let pair = uneven(); pair !== null; pair = uneven()) for (const c of pair) alone.delete(c);
  return [...alone.keys()].join('');
}

/** The font file's bytes where fontkit keeps them (one check per file and process), else the font itself. */
function fontFile(font: EmbeddedFont): object {
  return (font.font as { stream?: { buffer?: object } }).stream?.buffer ?? font.font;
}

/** The composable characters' runs for this font, checked once per font file. */
function runsFor(font: EmbeddedFont, shape: LayoutRun): Map<string, GlyphRun> {
  let runs = characterRuns.get(font.font);
  if (runs !== undefined) return runs;
  const file = fontFile(font);
  let characters = composable.get(file);
  if (characters === undefined) composable.set(file, (characters = verifiedCharacters(font, shape)));
  runs = new Map([...characters].map((c) => [c, shape.call(font, c)]));
  characterRuns.set(font.font, runs);
  return runs;
}

/** The run of `text` from its characters' runs, or null when a character is not simple. */
export function composedRun(text: string, runs: ReadonlyMap<string, GlyphRun>): GlyphRun | null {
  const glyphs: Glyph[] = [];
  const positions: Position[] = [];
  let advanceWidth = 0;
  for (let i = 0; i < text.length; i++) {
    const run = runs.get(text[i]);
    if (run === undefined) return null;
    glyphs.push(run.glyphs[0]);
    positions.push(run.positions[0]);
    // Summed in order, as fontkit's GlyphRun.advanceWidth sums its positions.
    advanceWidth += run.positions[0].xAdvance;
  }
  return { glyphs, positions, advanceWidth };
}

/** pdfkit's own EmbeddedFont.layoutRun (fontkit's shaping), once composeFigureRuns has wrapped it. */
let shapeWithFontkit: LayoutRun | null = null;
let composing = true;

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
      const run = composedRun(text, runsFor(this, shape));
      if (run !== null) return run;
    }
    return shape.call(this, text, features);
  };
}

/** Turns composing off and on (the test that prints the same documents both ways and compares the bytes). */
export function setFigureComposition(on: boolean): void {
  composing = on;
}

/** The characters a font (as pdfkit opened it) composes figures from: all of FIGURE_CHARACTERS for Roboto. */
export function composableCharacters(font: EmbeddedFont): string {
  if (shapeWithFontkit === null) throw new Error('figure composition is not installed (composeFigureRuns)');
  return [...runsFor(font, shapeWithFontkit).keys()].join('');
}
