/**
 * Issue 15, proof: ≥ 1,000 generated bad journal batches — wrong types, JSON numbers, values out
 * of range, over-long text, unknown codes, bad dates, over-application, closed periods, unknown
 * properties — each mixed with good lines, sent to POST /api/item-journal/post. Every batch must
 * be refused (4xx, problem+json, no stack, no SQL) naming only lines and fields that are really
 * wrong, and the ledgers must not change: row counts and checksums stay as they were.
 */
import type { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import { MikroORM } from '@mikro-orm/core';
import { withSession } from '../../src/database/sql-session';
import { createHttpApp } from '../../src/http-app';
import { ItemJournalService } from '../../src/item-journal/item-journal.service';
import type { ScratchDatabase } from '../../src/scenario/scenario-database';
import { SetupResourceService } from '../../src/setup/setup-resource.service';
import { resourceByPath } from '../../src/setup/setup-resources';
import { chart } from '../support/chart';
import { asUser, createTestUsers, UserClient } from '../support/http-auth';
import { createTestDatabase, testConfig } from '../support/test-database';

const BATCHES = 1000;
const LEDGERS = [
  'item_ledger_entry',
  'value_entry',
  'item_application_entry',
  'item_register',
  'gl_entry',
  'gl_register',
  'ledger_counter',
  'avg_cost_adjmt_entry_point',
  'applied_entry_to_adjust',
  'inventory_total',
];

type Line = Record<string, unknown>;
/** A bad line and the field a refusal must name for it. */
interface Defect {
  kind: string;
  field: string;
  line: Line;
}

const good = fc
  .record({
    quantity: fc.integer({ min: 1, max: 5 }).map(String),
    unitCost: fc.constantFrom('1.25', '10', '0.00001', '999999999999999.99999'),
    day: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ quantity, unitCost, day }): Line => ({
    entryType: 'Purchase',
    itemNo: 'A',
    postingDate: `2024-01-${String(day).padStart(2, '0')}`,
    quantity,
    unitCost,
  }));

const base = (): Line => ({ entryType: 'Purchase', itemNo: 'A', postingDate: '2024-01-15', quantity: '1', unitCost: '2' });
const defect = (kind: string, field: string, change: Line): Defect => ({ kind, field, line: { ...base(), ...change } });
const longText = fc.integer({ min: 256, max: 2000 }).map((n) => 'X'.repeat(n));

const bad: fc.Arbitrary<Defect> = fc.oneof(
  // Wrong types.
  fc.constantFrom<unknown>(true, {}, [], null).map((v) => defect('wrong type', 'quantity', { quantity: v })),
  fc.integer().map((v) => defect('wrong type', 'itemNo', { itemNo: v })),
  fc.constantFrom<unknown>(20240115, true, ['2024-01-15']).map((v) => defect('wrong type', 'postingDate', { postingDate: v })),
  fc.constantFrom<unknown>('yes', 1, 'true').map((v) => defect('wrong type', 'invoice', { entryType: 'Purchase', invoice: v })),
  fc
    .constantFrom<unknown>('1', 1.5, -3, 0, 2147483648, 1e300)
    .map((v) => defect('wrong type', 'appliesToEntry', { entryType: 'Sale', unitCost: undefined, appliesToEntry: v })),
  // JSON numbers for decimals.
  fc
    .constantFrom('quantity', 'unitCost', 'amount')
    .chain((field) =>
      fc
        .oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 1, max: 100 }))
        .map((v) => defect('JSON number', field, field === 'amount' ? { unitCost: undefined, amount: v } : { [field]: v })),
    ),
  // Out of range and too many decimals.
  fc
    .constantFrom('1000000000000', '99999999999999999999999999', '123456789012345678901234567890123456789012345', '0.000001', '-1000000000000.5')
    .map((v) => defect('out of range', 'quantity', { quantity: v })),
  fc.constantFrom('1000000000000000', '1.000001', '1e5', '12345678901234567.89').map((v) => defect('out of range', 'unitCost', { unitCost: v })),
  fc
    .constantFrom('1.001', '1000000000000000', '0.0000000000000000000000000000000000000000001')
    .map((v) => defect('out of range', 'amount', { unitCost: undefined, amount: v })),
  // Over-long and binary text.
  longText.map((v) => defect('over-long', 'documentNo', { documentNo: v })),
  longText.map((v) => defect('over-long', 'locationCode', { locationCode: v })),
  fc.constantFrom('LOT\u0000', '\u0000', 'a\u0000b').map((v) => defect('NUL', 'lotNo', { lotNo: v })),
  // Unknown codes.
  fc.string({ minLength: 1, maxLength: 20 }).map((v) => defect('unknown code', 'itemNo', { itemNo: `NOPE-${v}` })),
  fc.constantFrom('NOWHERE', 'blue', 'GREEN').map((v) => defect('unknown code', 'locationCode', { locationCode: v })),
  fc.constantFrom('NOPE', 'EXPORT', ' ').map((v) => defect('unknown code', 'genBusPostingGroup', { genBusPostingGroup: v })),
  fc
    .constantFrom('NOWHERE', 'red')
    .map((v) => defect('unknown code', 'newLocationCode', { entryType: 'Transfer', unitCost: undefined, locationCode: 'BLUE', newLocationCode: v })),
  fc.constantFrom('Gift', 'purchase', '').map((v) => defect('unknown code', 'entryType', { entryType: v })),
  // Bad dates.
  fc
    .constantFrom('2024-02-30', '2024-13-01', '24-01-15', '', '2024-1-5', '2024-01-15T00:00:00Z')
    .map((v) => defect('bad date', 'postingDate', { postingDate: v })),
  // Over-application and entries that do not exist.
  fc
    .integer({ min: 20, max: 5000 })
    .map((q) => defect('over-application', 'quantity', { entryType: 'Sale', unitCost: undefined, quantity: String(q), appliesToEntry: 1 })),
  fc
    .integer({ min: 100000, max: 2147483647 })
    .map((no) => defect('no such entry', 'appliesToEntry', { entryType: 'Sale', unitCost: undefined, appliesToEntry: no })),
  // Closed period, and properties the API does not have.
  fc.integer({ min: 1, max: 31 }).map((d) => defect('closed period', 'postingDate', { postingDate: `2023-12-${String(d).padStart(2, '0')}` })),
  fc.constantFrom('colour', '__proto__', 'constructor', 'appliesTo').map((k) => defect('unknown property', k, { [k]: 'x' })),
);

/** A batch: good lines with one to three bad ones among them. */
const batch = fc
  .tuple(fc.array(good, { maxLength: 5 }), fc.array(bad, { minLength: 1, maxLength: 3 }), fc.infiniteStream(fc.boolean()))
  .map(([goods, bads, coin]) => {
    const lines: { line: Line; defect: Defect | null }[] = goods.map((line) => ({ line, defect: null }));
    for (const d of bads) {
      const at = coin.next().value ? lines.length : 0;
      lines.splice(at, 0, { line: d.line, defect: d });
    }
    return lines;
  });

/** The JSON text a client would send: `__proto__` and `constructor` as own keys, undefined left out. */
function bodyText(lines: { line: Line }[]): string {
  return `{"lines":[${lines
    .map(
      ({ line }) =>
        `{${Object.entries(line)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
          .join(',')}}`,
    )
    .join(',')}]}`;
}

describe('fuzz: bad journal batches (issue 15)', () => {
  let app: INestApplication;
  let db: ScratchDatabase;
  let finance: UserClient;
  const checksum = () =>
    withSession(app.get(MikroORM), async (sql) => {
      const query = LEDGERS.map(
        (t) => `SELECT '${t}' AS t, count(*)::text AS n, coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') AS h FROM ${t} x`,
      ).join(' UNION ALL ');
      return (await sql.query<{ t: string; n: string; h: string }>(query)).map((r) => `${r.t}:${r.n}:${r.h}`).join('\n');
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createHttpApp({ config: testConfig(), databaseUrl: db.url, migrate: true });
    await app.init();
    finance = asUser(app, (await createTestUsers(app)).finance);
    await app
      .get(SetupResourceService)
      .applyAll([
        ...chart(['', 'BLUE', 'RED']),
        { spec: resourceByPath('items'), body: { no: 'A', costingMethod: 'FIFO' } },
        { spec: resourceByPath('locations'), body: { code: 'BLUE' } },
        { spec: resourceByPath('locations'), body: { code: 'RED' } },
        { spec: resourceByPath('inventory-periods'), body: { endingDate: '2023-12-31', closed: true } },
      ]);
    await app.get(ItemJournalService).post(
      [
        { entryType: 'Purchase', itemNo: 'A', postingDate: '2024-01-02', quantity: '10', unitCost: '3' },
        { entryType: 'Purchase', itemNo: 'A', postingDate: '2024-01-02', quantity: '5', unitCost: '4', locationCode: 'BLUE' },
        { entryType: 'Sale', itemNo: 'A', postingDate: '2024-01-03', quantity: '2', appliesToEntry: 1 },
      ],
      'SEED',
    );
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it(`refuses ${BATCHES} generated bad batches whole, naming line and field, and writes nothing`, async () => {
    const before = await checksum();
    const counts = { tried: 0, refusedCorrectly: 0, rowsWritten: 0, byKind: {} as Record<string, number> };
    await fc.assert(
      fc.asyncProperty(batch, async (lines) => {
        counts.tried++;
        const res = await finance.post('/api/item-journal/post').set('Content-Type', 'application/json').send(bodyText(lines));
        const after = await checksum();
        if (after !== before) counts.rowsWritten++;
        expect(after).toBe(before);
        expect([409, 422]).toContain(res.status);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        const text = JSON.stringify(res.body);
        expect(text).not.toMatch(/\bat \S+ \(|node_modules|SELECT |INSERT |relation "|syntax error/);
        expect(text.length).toBeLessThan(8000);
        // Every problem named is on a bad line and names one of its bad fields; at least one is named.
        const allowed = new Set(lines.flatMap((l, i) => (l.defect ? [`${i + 1}:${l.defect.field}`] : [])));
        const named = (res.body.errors as { line?: number; field?: string }[]).map((e) => `${e.line}:${e.field}`);
        expect(named.length).toBeGreaterThan(0);
        const blamed = named.filter((n) => !allowed.has(n));
        expect({ blamed, allowed: [...allowed], errors: res.body.errors }).toEqual({ blamed: [], allowed: [...allowed], errors: res.body.errors });
        counts.refusedCorrectly++;
        for (const l of lines) if (l.defect) counts.byKind[l.defect.kind] = (counts.byKind[l.defect.kind] ?? 0) + 1;
      }),
      { numRuns: BATCHES, seed: 15 },
    );
    process.stdout.write(
      `journal fuzz: ${counts.tried} batches tried, ${counts.refusedCorrectly} refused correctly, ${counts.rowsWritten} written rows; bad lines by kind ${JSON.stringify(counts.byKind)}\n`,
    );
    expect(counts.tried).toBeGreaterThanOrEqual(BATCHES);
    expect(counts.refusedCorrectly).toBe(counts.tried);
    expect(counts.rowsWritten).toBe(0);
  });
});
