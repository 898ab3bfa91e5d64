/**
 * pdfmake's style lookups replaced by ones that allocate nothing (style-lookup.ts): the same
 * answer as pdfmake's own for every property of every item over generated stacks of named
 * styles (with `extends`, chains, cycles and arrays), override objects, sections and texts; and
 * the same PDF, byte for byte, for a document that uses styles the way the reports do.
 */
import { printPdf } from '../../src/reports/rendering/pdf-printer';
import { setFastStyleLookup, StyleStack } from '../../src/reports/rendering/style-lookup';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const StyleContextStack = require('pdfmake/js/StyleContextStack').default as {
  new (styles: Record<string, Record<string, unknown>>, defaultStyle?: Record<string, unknown>): StyleStack;
  getStyleProperty(...args: unknown[]): unknown;
};

const PROPERTIES = ['font', 'fontSize', 'bold', 'color', 'margin', 'noWrap', 'decoration', 'opacity'];

/** A small deterministic generator, so that a failure names a case that can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

function generatedCase(seed: number) {
  const r = random(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)];
  const names = ['a', 'b', 'c', 'd', 'e', 'missing'];
  const values = [undefined, null, 0, false, '', 7.5, true, 'red', [1, 2, 3, 4]];
  const someProperties = () => {
    const out: Record<string, unknown> = {};
    for (const p of PROPERTIES) if (r() < 0.3) out[p] = pick(values);
    return out;
  };
  const styles: Record<string, Record<string, unknown>> = {};
  for (const name of names.slice(0, 5)) {
    const style = someProperties();
    // Extends: none, one, several, itself or a cycle through others.
    const e = r();
    if (e < 0.3) style.extends = pick(names);
    else if (e < 0.5) style.extends = [pick(names), pick(names), pick(names)];
    styles[name] = style;
  }
  const override = (): string | Record<string, unknown> => (r() < 0.5 ? pick(names) : someProperties());
  const stack = new StyleContextStack(styles, r() < 0.8 ? someProperties() : undefined);
  const depth = Math.floor(r() * 5);
  for (let i = 0; i < depth; i++) stack.styleOverrides.push(override());
  const itemKind = r();
  const item: Record<string, unknown> =
    itemKind < 0.1 ? (new String('text') as unknown as Record<string, unknown>) : itemKind < 0.2 ? { section: {}, style: pick(names) } : someProperties();
  if (itemKind >= 0.2 && r() < 0.6) item.style = r() < 0.5 ? pick(names) : [override(), override()];
  return { stack, item };
}

function lookups(stack: StyleStack, item: Record<string, unknown>): unknown[] {
  const out: unknown[] = [];
  for (const p of PROPERTIES) {
    out.push(StyleContextStack.getStyleProperty(item, stack, p, 'default'));
    out.push(StyleContextStack.getStyleProperty(item, null, p, 'default'));
    out.push(stack.getProperty(p));
  }
  out.push(stack.styleOverrides.length);
  return out;
}

describe('style lookups without allocation', () => {
  afterEach(() => setFastStyleLookup(true));

  it("answer as pdfmake's own over 3,000 generated stacks, items and properties", () => {
    let differences = 0;
    for (let seed = 1; seed <= 3_000; seed++) {
      const { stack, item } = generatedCase(seed);
      setFastStyleLookup(false);
      const expected = lookups(stack, item);
      setFastStyleLookup(true);
      const actual = lookups(stack, item);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        differences++;
        if (differences === 1) expect({ seed, actual }).toEqual({ seed, actual: expected });
      }
    }
    expect(differences).toBe(0);
  });

  it('find a property through named styles, their parents and the default style', () => {
    const stack = new StyleContextStack({ cell: { fontSize: 7.5 }, total: { extends: ['cell', 'strong'] }, strong: { bold: true } }, { font: 'Roboto' });
    stack.styleOverrides.push('total', { color: 'red' });
    const get = (item: Record<string, unknown>, p: string) => StyleContextStack.getStyleProperty(item, stack, p, 'none');
    expect([get({}, 'fontSize'), get({}, 'bold'), get({}, 'color'), get({}, 'font'), get({}, 'italics')]).toEqual([7.5, true, 'red', 'Roboto', 'none']);
    expect([get({ color: 'blue' }, 'color'), get({ style: 'strong' }, 'bold'), get({ style: ['cell', { fontSize: 9 }] }, 'fontSize')]).toEqual([
      'blue',
      true,
      9,
    ]);
  });

  it('print the same PDF, byte for byte, as pdfmake looking styles up itself', async () => {
    const document = () => ({
      content: [
        { text: 'Inventory Valuation', style: 'title' },
        {
          table: {
            headerRows: 1,
            widths: ['*', 'auto', 'auto'],
            body: [
              [
                { text: 'Item', style: 'tableHeader' },
                { text: 'Quantity', style: 'tableHeader', alignment: 'right' },
                { text: 'Value', style: ['tableHeader'] },
              ],
              ...Array.from({ length: 400 }, (_, i) => [
                { text: `W${String(i).padStart(5, '0')} Item ${i}`, style: i % 7 === 0 ? 'groupTotal' : 'cell' },
                { text: `${i * 37}.${i % 10}`, fontSize: 7.5, alignment: 'right', noWrap: true },
                { text: [{ text: `${i},00` }, { text: ' x', style: 'hint' }], style: 'cell', alignment: 'right' },
              ]),
            ],
          },
        },
      ],
      styles: {
        title: { fontSize: 16, bold: true, margin: [0, 2, 0, 2] },
        tableHeader: { bold: true, fontSize: 7.5, fillColor: '#eeeeee' },
        cell: { fontSize: 7.5 },
        groupTotal: { extends: 'cell', bold: true },
        hint: { italics: true, color: '#666666' },
      },
      defaultStyle: { font: 'Roboto', fontSize: 8 },
      info: { title: 'T', creationDate: new Date('2026-01-01T00:00:00Z'), modDate: new Date('2026-01-01T00:00:00Z') },
    });
    const fast = await printPdf(document());
    setFastStyleLookup(false);
    const own = await printPdf(document());
    expect(fast.length).toBeGreaterThan(10_000);
    expect(fast.equals(own)).toBe(true);
  });
});
