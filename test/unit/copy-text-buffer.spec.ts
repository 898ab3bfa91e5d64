import { CopyTextBuffer, copyField } from '../../src/database/sql-session';
import { ChunkPlan } from '../../src/posting/general-ledger.repository';

describe('CopyTextBuffer (COPY text rows written by the caller)', () => {
  it('holds exactly the rows given, one per line, across buffers, with multi-byte characters and a row longer than a buffer', () => {
    const rows: string[] = [];
    for (let i = 0; i < 20_000; i++) rows.push(`${i}\t${copyField(`Ærø – ✓ 𝄞 € tab\there ${i}`)}\t${i % 7 === 0 ? '\\N' : String(i * 3)}`);
    rows.splice(12_345, 0, 'x'.repeat(200_000), '€'.repeat(70_000));
    const buffer = new CopyTextBuffer();
    for (const row of rows) buffer.add(row);
    const pieces = buffer.pieces();
    expect(pieces.length).toBeGreaterThan(10);
    expect(Buffer.concat(pieces).toString('utf8')).toBe(rows.map((r) => `${r}\n`).join(''));
    expect(buffer.rows).toBe(rows.length);
  });

  it('is empty until a row is added', () => {
    const buffer = new CopyTextBuffer();
    expect(buffer.pieces()).toEqual([]);
    expect(buffer.rows).toBe(0);
  });

  it('takes rows already encoded between rows it writes, in the order given', () => {
    const buffer = new CopyTextBuffer();
    buffer.add('1\ta');
    buffer.addRows(Buffer.from('2\tb\n3\tc\n'), 2);
    buffer.add('4\td');
    buffer.addRows(Buffer.from('5\te\n'), 1);
    expect(Buffer.concat(buffer.pieces()).toString('utf8')).toBe('1\ta\n2\tb\n3\tc\n4\td\n5\te\n');
    expect(buffer.rows).toBe(5);
  });
});

describe('ChunkPlan (what one chunk of value entries writes)', () => {
  it('writes the relations to G/L entries per posting group by G/L entry, then by value entry', () => {
    const plan = new ChunkPlan(7, 'INVTPCOST', 'TESTER');
    // Value entries in entry order, each feeding a debit and a credit G/L entry, as the planner meets them.
    const fed: [gl: number, ve: number, amount: string][] = [];
    for (let ve = 1; ve <= 3_000; ve++) {
      const debit = 100 + ((ve * 7) % 40);
      fed.push([debit, ve, `${ve}.5`], [debit + 40, ve, `-${ve}.5`]);
    }
    for (const [gl, ve, amount] of fed) plan.addGroupRelation(gl, ve, amount);
    plan.releaseGroupRelations();
    const written = Buffer.concat(plan.relations.pieces()).toString('utf8');
    const expected = [...fed].sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([gl, ve, amount]) => `${gl}\t${ve}\t7\t${amount}\n`);
    expect(written).toBe(expected.join(''));
    expect(plan.relations.rows).toBe(6_000);
    // Released once: the next chunk starts with none held.
    plan.releaseGroupRelations();
    expect(plan.relations.rows).toBe(6_000);
  });

  it('writes entry numbers of every length and amounts as given', () => {
    const plan = new ChunkPlan(2_147_483_647, 'INVTPCOST', 'TESTER');
    plan.addGroupRelation(9, 10, '0');
    plan.addGroupRelation(9, 2_147_483_647, '-0.00001');
    plan.addGroupRelation(100_000_000_000, 1, '123456789012345678.12345');
    plan.releaseGroupRelations();
    expect(Buffer.concat(plan.relations.pieces()).toString('utf8')).toBe(
      '9\t10\t2147483647\t0\n9\t2147483647\t2147483647\t-0.00001\n100000000000\t1\t2147483647\t123456789012345678.12345\n',
    );
    expect(() => plan.addGroupRelation(-1, 1, '1')).toThrow('not an entry number: -1');
    expect(() => plan.addGroupRelation(1.5, 1, '1')).toThrow('not an entry number: 1.5');
  });
});
