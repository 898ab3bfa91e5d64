import { CopyTextBuffer, copyField } from '../../src/database/sql-session';

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
});
