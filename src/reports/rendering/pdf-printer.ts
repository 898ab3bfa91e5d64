/**
 * pdfmake 0.3 through its Printer, with a virtual file system of our own holding the Roboto
 * fonts that ship with pdfmake, so that: fonts are embedded (Helvetica, the standard font,
 * cannot print the nb-NO minus sign U+2212); no document can read a local file or fetch a URL
 * (both access policies deny everything — the 0.3 local access policy would otherwise also have
 * to allow the font files); and no global pdfmake state is shared between renderings.
 *
 * Plain code, no framework: the report worker thread (pdf-render.worker.ts) prints with it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { composeFigureRuns } from './figure-glyph-runs';
import { setFastStyleLookup } from './style-lookup';

// pdfmake ships no types for its Node printer.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Printer = require('pdfmake/js/Printer').default as new (
  fonts: Record<string, Record<string, string>>,
  virtualfs: VirtualFs,
  urlResolver: { resolve(url: string): Promise<void>; resolved(): Promise<void> },
  localAccessPolicy: (path: string) => boolean,
) => { createPdfKitDocument(doc: object, options?: object): Promise<NodeJS.ReadableStream & { end(): void }> };

// pdfmake's PDFDocument (a pdfkit document that opens fonts by family), to reach pdfkit's font class.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PdfKitDocument = require('pdfmake/js/PDFDocument').default as new (
  fonts: Record<string, Record<string, string>>,
  images: object,
  patterns: object,
  attachments: object,
  options: object,
  virtualfs: VirtualFs,
) => { provideFont(family: string, bold: boolean, italics: boolean): PdfKitFont };

/** A font as pdfkit opens it for a document (its EmbeddedFont). */
export type PdfKitFont = ReturnType<Parameters<typeof composeFigureRuns>[0]>;

interface VirtualFs {
  existsSync(name: string): boolean;
  readFileSync(name: string): Buffer;
  writeFileSync(name: string, content: Buffer): void;
}

// Every document printed in this process resolves styles without a closure per lookup
// (style-lookup.ts): the same answers, a tenth less time for a table of 60,000 cells.
setFastStyleLookup(true);

const FONT_DIR = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');

/**
 * The fonts by their full path: the virtual file system serves them to pdfmake, and the SVG
 * renderer (svg-to-pdfkit, for the report charts) hands the same names to PDFKit, which opens
 * a font by path itself — a bare file name would be looked for in the working directory.
 */
const FONT_FILES = {
  normal: path.join(FONT_DIR, 'Roboto-Regular.ttf'),
  bold: path.join(FONT_DIR, 'Roboto-Medium.ttf'),
  italics: path.join(FONT_DIR, 'Roboto-Italic.ttf'),
  bolditalics: path.join(FONT_DIR, 'Roboto-MediumItalic.ttf'),
};

let fonts: VirtualFs | null = null;

function fontStore(): VirtualFs {
  if (fonts) return fonts;
  const files = new Map<string, Buffer>(Object.values(FONT_FILES).map((f) => [f, fs.readFileSync(f)]));
  return (fonts = {
    existsSync: (name) => files.has(name),
    readFileSync: (name) => {
      const found = files.get(name);
      if (!found) throw new Error(`no embedded file ${name}`);
      return found;
    },
    writeFileSync: () => {
      throw new Error('documents may not fetch resources');
    },
  });
}

/** Refuses every URL: report documents reference nothing outside themselves. */
function noUrls() {
  const refused: string[] = [];
  return {
    resolve: async (url: string) => {
      if (/^https?:/i.test(url)) refused.push(url);
    },
    resolved: async () => {
      if (refused.length) throw new Error(`Access to URL denied: ${refused.join(', ')}`);
    },
  };
}

/** Roboto, regular or bold, as pdfkit opens it for a document of ours (figure-glyph-runs.ts; its test). */
export function openRoboto(bold: boolean): PdfKitFont {
  return new PdfKitDocument({ Roboto: { ...FONT_FILES } }, {}, {}, {}, {}, fontStore()).provideFont('Roboto', bold, false);
}

/** A pdfmake document definition printed to PDF bytes, on the calling thread. */
export async function printPdf(docDefinition: object): Promise<Buffer> {
  composeFigureRuns(() => openRoboto(false));
  const printer = new Printer({ Roboto: { ...FONT_FILES } }, fontStore(), noUrls(), () => false);
  const pdf = await printer.createPdfKitDocument(docDefinition);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.end();
  });
}
