import { figuresOf, markdownTable } from '../../src/bench/bench-table';

// Summary lines as the benchmark scripts print them (taken from real runs at 100,000 entries).
const ADJUST = `bench:adjust — W1: 100000 item ledger entries (335597 ledger rows), seed 1, batches of 250 items
  marked            31681 inbound entries and 0 entry points for adjustment (R48) in 0.32 s
  floor             0.63 s   (COPY out 0.48 s of 378590 rows, COPY in 0.16 s of 24612 rows)
  full adjustment   5.24 s   5000 items, 24612 entries written (99 rounding)   64057 ledger rows/s
                    8.3× the floor   peak RSS 416 MB   (bars: ≤ 60 s, ≤ 15× floor, ≤ 1536 MB)
  phases            load 2.51 s, costing core 1.71 s, write 0.87 s, G/L posting 0.00 s
  posted            1000 more journal lines (1 %) through the item journal in 0.40 s
  incremental       0.17 s   916 items, 181 entries written (3 rounding)   2030967 ledger rows/s
                    3.2 % of the full run   peak RSS 277 MB   (bar: ≤ 5 %)
  nothing new       0 entries written by a further run, in 0.04 s (0.8 % of the full run)
`;
const POST = `bench:post — W1: 100000 item ledger entries, adjusted first (5.82 s, 22870 adjustment entries)
  PerPostingGroup  2.13 s   130811 value entries → 9566 G/L entries + 261622 relations   61540 value entries/s
                   floor (COPY in of 271188 G/L rows) 0.67 s   ratio 3.2×   peak RSS 362 MB   (bar: ≤ 30 s)
  PerEntry         2.74 s   130811 value entries → 261622 G/L entries + 261622 relations   47741 value entries/s
                   floor (COPY in of 523244 G/L rows) 1.61 s   ratio 1.7×   peak RSS 418 MB
`;
const REPORT = `  floor (COPY out of the value entries read)  1.38 s   12.0 MB
  data (SQL, set-based)                        1.58 s   5000 items   1.1× the floor
  PDF (template + pdfmake)                     2.91 s   129 pages   900 KB
  total                                        4.50 s   3.3× the floor   peak RSS 311 MB (service start-up alone 142 MB)   (bars: ≤ 10 s, ≤ 500 MB)
`;
const JOURNAL = `  rows written      100000 item ledger, 120000 value, 110000 application entries
  posting           21.80 s   4586 lines/s   (bar: < 60 s)
  floor (COPY rows) 2.07 s
  ratio to floor    10.5×
  peak RSS          744 MB
`;
const CLOSE = `  run               succeeded
  floor             0.04 s   (COPY out 0.03 s of the month's 4752 ledger rows, COPY in 0.01 s of the 497 rows the close wrote)
  month close       15.24 s   411.9× the floor   peak RSS 858 MB   (bar: ≤ 4× floor)
`;

describe('benchmark table', () => {
  it('reads every figure of the scripts and checks it against its bar', () => {
    const figures = [
      ...figuresOf('journal', JOURNAL),
      ...figuresOf('adjust', ADJUST),
      ...figuresOf('post', POST),
      ...figuresOf('report', REPORT),
      ...figuresOf('close', CLOSE),
    ];
    expect(figures.map((f) => [f.figure, f.ratio, f.holds])).toEqual([
      ['journal posting (batches of 2,000)', '10.5×', false],
      ['Adjust Cost, full', '8.3×', false],
      ['Adjust Cost, incremental after 1 % more', '—', true],
      ['Adjust Cost, nothing new', '—', true],
      ['Post Inventory Cost to G/L, per posting group', '3.2×', false],
      ['Post Inventory Cost to G/L, per entry', '1.7×', true],
      ['Inventory Valuation PDF', '3.3×', false],
      ['month close end to end', '411.9×', false],
    ]);
    expect(figures[1]).toMatchObject({ value: '5.24 s, peak RSS 416 MB', floor: '0.63 s', bar: '≤ 2.5× floor, ≤ 800 MB' });
    expect(figures[0].value).toBe('21.80 s, 4586 lines/s');
  });

  it('says "not measured" for a figure the script did not print, never that it holds', () => {
    const [full] = figuresOf('adjust', 'W1 is not there yet: generating it…\n');
    expect(full).toMatchObject({ value: 'not printed', holds: null });
    expect(markdownTable([full])).toContain('| not measured |');
  });

  it('does not pass a month close whose run did not succeed', () => {
    const [close] = figuresOf('close', CLOSE.replace('succeeded', 'failed').replace('15.24 s   411.9×', '0.04 s   1.0×'));
    expect(close.holds).toBe(false);
    expect(figuresOf('close', CLOSE.replace('15.24 s   411.9×', '0.04 s   1.0×'))[0].holds).toBe(true);
  });

  it('judges a bar on the ratio, not on the ratio printed to one decimal', () => {
    // bench:post at 1,000,000 (2026-12-05): 11.64 / 6.43 = 1.810, printed "1.8×".
    const output = `  PerPostingGroup  11.64 s   1363341 value entries → 9855 G/L entries + 2726682 relations   117115 value entries/s
                   floor (COPY in of 2736537 G/L rows) 6.43 s   ratio 1.8×   peak RSS 491 MB   (bar: ≤ 30 s)
  PerEntry         11.57 s   1363341 value entries → 2726682 G/L entries + 2726682 relations   117834 value entries/s
                   floor (COPY in of 5453364 G/L rows) 6.43 s   ratio 1.8×   peak RSS 525 MB
`;
    const [group, entry] = figuresOf('post', output);
    expect(group).toMatchObject({ ratio: '1.8× (1.81× from the seconds)', holds: false });
    expect(entry).toMatchObject({ ratio: '1.8×', holds: true }); // 11.57 / 6.43 = 1.799
  });
});
