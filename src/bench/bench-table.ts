/**
 * Reads the benchmarks' summary lines into figures and checks them against the bars of issue 12.
 * Pure: text in, figures out (unit-tested on the scripts' real output).
 */

export interface BenchFigure {
  figure: string;
  value: string;
  floor: string;
  ratio: string;
  bar: string;
  /** null when the benchmark did not print the figure (it failed or stopped early). */
  holds: boolean | null;
}

const num = (s: string | undefined): number | null => (s === undefined ? null : Number(s.replace(/,/g, '')));

/** The first capture of `re` in the line after the one that matches `anchor` (the scripts print a figure's ratio on its second line). */
function nextLine(lines: string[], anchor: RegExp, re: RegExp): RegExpMatchArray | null {
  const i = lines.findIndex((l) => anchor.test(l));
  return i >= 0 && i + 1 < lines.length ? lines[i + 1].match(re) : null;
}

function line(lines: string[], re: RegExp): RegExpMatchArray | null {
  for (const l of lines) {
    const m = l.match(re);
    if (m) return m;
  }
  return null;
}

function figure(name: string, value: string | null, floor: string | null, ratio: string | null, bar: string, holds: boolean | null): BenchFigure {
  return { figure: name, value: value ?? 'not printed', floor: floor ?? '—', ratio: ratio ?? '—', bar, holds: value === null ? null : holds };
}

export function figuresOf(bench: string, output: string): BenchFigure[] {
  const lines = output.split('\n');
  switch (bench) {
    case 'journal': {
      const posting = line(lines, /^\s+posting\s+([\d.]+) s\s+([\d,.]+) lines\/s/);
      const floor = line(lines, /^\s+floor \(COPY rows\)\s+([\d.]+) s/);
      const ratio = line(lines, /^\s+ratio to floor\s+([\d.]+)×/);
      const rate = num(posting?.[2]);
      return [
        figure(
          'journal posting (batches of 2,000)',
          posting ? `${posting[1]} s, ${posting[2]} lines/s` : null,
          floor ? `${floor[1]} s` : null,
          ratio ? `${ratio[1]}×` : null,
          '≥ 15,000 lines/s',
          rate !== null && rate >= 15_000,
        ),
      ];
    }
    case 'adjust': {
      const floor = line(lines, /^\s+floor\s+([\d.]+) s/);
      const full = line(lines, /^\s+full adjustment\s+([\d.]+) s/);
      const fullRatio = nextLine(lines, /^\s+full adjustment/, /([\d.]+)× the floor\s+peak RSS (\d+) MB/);
      const incremental = line(lines, /^\s+incremental\s+([\d.]+) s/);
      const incShare = nextLine(lines, /^\s+incremental/, /([\d.]+) % of the full run/);
      const nothing = line(lines, /^\s+nothing new\s+(\d+) entries written by a further run, in ([\d.]+) s \(([\d.]+) % of the full run\)/);
      const ratio = num(fullRatio?.[1]);
      const rss = num(fullRatio?.[2]);
      return [
        figure(
          'Adjust Cost, full',
          full && fullRatio ? `${full[1]} s, peak RSS ${fullRatio[2]} MB` : null,
          floor ? `${floor[1]} s` : null,
          fullRatio ? `${fullRatio[1]}×` : null,
          '≤ 2.5× floor, ≤ 800 MB',
          ratio !== null && rss !== null && ratio <= 2.5 && rss <= 800,
        ),
        figure(
          'Adjust Cost, incremental after 1 % more',
          incremental && incShare ? `${incremental[1]} s (${incShare[1]} % of the full run)` : null,
          null,
          null,
          '≤ 5 % of the full run',
          (num(incShare?.[1]) ?? Infinity) <= 5,
        ),
        figure(
          'Adjust Cost, nothing new',
          nothing ? `${nothing[2]} s, ${nothing[1]} entries written (${nothing[3]} % of the full run)` : null,
          null,
          null,
          'writes nothing, ≤ 1 % of the full run',
          nothing !== null && nothing[1] === '0' && (num(nothing[3]) ?? Infinity) <= 1,
        ),
      ];
    }
    case 'post':
      return (['PerPostingGroup', 'PerEntry'] as const).map((method) => {
        const m = line(lines, new RegExp(`^\\s+${method}\\s+([\\d.]+) s`));
        const f = nextLine(lines, new RegExp(`^\\s+${method}\\s`), /floor \(COPY in of \d+ G\/L rows\) ([\d.]+) s\s+ratio ([\d.]+)×\s+peak RSS (\d+) MB/);
        return figure(
          `Post Inventory Cost to G/L, ${method === 'PerPostingGroup' ? 'per posting group' : 'per entry'}`,
          m && f ? `${m[1]} s, peak RSS ${f[3]} MB` : null,
          f ? `${f[1]} s` : null,
          f ? `${f[2]}×` : null,
          '≤ 1.8× floor',
          (num(f?.[2]) ?? Infinity) <= 1.8,
        );
      });
    case 'report': {
      const floor = line(lines, /^\s+floor \(COPY out of the value entries read\)\s+([\d.]+) s/);
      const total = line(lines, /^\s+total\s+([\d.]+) s\s+([\d.]+)× the floor\s+peak RSS (\d+) MB/);
      return [
        figure(
          'Inventory Valuation PDF',
          total ? `${total[1]} s, peak RSS ${total[3]} MB` : null,
          floor ? `${floor[1]} s` : null,
          total ? `${total[2]}×` : null,
          '≤ 2× floor, ≤ 400 MB',
          (num(total?.[2]) ?? Infinity) <= 2 && (num(total?.[3]) ?? Infinity) <= 400,
        ),
      ];
    }
    case 'close': {
      const floor = line(lines, /^\s+floor\s+([\d.]+) s/);
      const close = line(lines, /^\s+month close\s+([\d.]+) s\s+([\d.]+)× the floor\s+peak RSS (\d+) MB/);
      const status = line(lines, /^\s+run\s+(\w+)/);
      return [
        figure(
          'month close end to end',
          close ? `${close[1]} s, peak RSS ${close[3]} MB${status && status[1] !== 'succeeded' ? ` (run ${status[1]})` : ''}` : null,
          floor ? `${floor[1]} s` : null,
          close ? `${close[2]}×` : null,
          '≤ 4× floor',
          status?.[1] === 'succeeded' && (num(close?.[2]) ?? Infinity) <= 4,
        ),
      ];
    }
    default:
      return [];
  }
}

export function markdownTable(figures: BenchFigure[]): string {
  const rows = figures.map(
    (f) => `| ${f.figure} | ${f.value} | ${f.floor} | ${f.ratio} | ${f.bar} | ${f.holds === null ? 'not measured' : f.holds ? 'yes' : 'no'} |`,
  );
  return ['| figure | value | floor | ratio | bar | holds |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}
