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

/**
 * Whether a figure's ratio is within its bar, and how to show it. The scripts print the ratio
 * rounded to one decimal, so 1.81× prints as "1.8×" and would pass a 1.8× bar (seen: posting per
 * posting group, 11.64 s against a floor of 6.43 s). A bar holds only if the printed ratio and the
 * ratio of the printed seconds (two decimals) both keep it; when they disagree the table shows
 * both. Without the seconds, the printed ratio alone.
 */
function judged(printed: string, bar: number, seconds: string | undefined, floor: string | undefined): { ratio: string; holds: boolean } {
  const p = Number(printed);
  const s = num(seconds);
  const f = num(floor);
  const exact = s !== null && f !== null && f > 0 ? s / f : null;
  const holds = p <= bar && (exact === null || exact <= bar);
  return { ratio: p <= bar && !holds && exact !== null ? `${printed}× (${exact.toFixed(2)}× from the seconds)` : `${printed}×`, holds };
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
      const ratio = fullRatio ? judged(fullRatio[1], 2.5, full?.[1], floor?.[1]) : null;
      const rss = num(fullRatio?.[2]);
      return [
        figure(
          'Adjust Cost, full',
          full && fullRatio ? `${full[1]} s, peak RSS ${fullRatio[2]} MB` : null,
          floor ? `${floor[1]} s` : null,
          ratio?.ratio ?? null,
          '≤ 2.5× floor, ≤ 800 MB',
          ratio !== null && rss !== null && ratio.holds && rss <= 800,
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
        const ratio = f ? judged(f[2], 1.8, m?.[1], f[1]) : null;
        return figure(
          `Post Inventory Cost to G/L, ${method === 'PerPostingGroup' ? 'per posting group' : 'per entry'}`,
          m && f ? `${m[1]} s, peak RSS ${f[3]} MB` : null,
          f ? `${f[1]} s` : null,
          ratio?.ratio ?? null,
          '≤ 1.8× floor',
          ratio?.holds ?? false,
        );
      });
    case 'report': {
      const floor = line(lines, /^\s+floor \(COPY out of the value entries read\)\s+([\d.]+) s/);
      const total = line(lines, /^\s+total\s+([\d.]+) s\s+([\d.]+)× the floor\s+peak RSS (\d+) MB/);
      const ratio = total ? judged(total[2], 2, total[1], floor?.[1]) : null;
      return [
        figure(
          'Inventory Valuation PDF',
          total ? `${total[1]} s, peak RSS ${total[3]} MB` : null,
          floor ? `${floor[1]} s` : null,
          ratio?.ratio ?? null,
          '≤ 2× floor, ≤ 400 MB',
          (ratio?.holds ?? false) && (num(total?.[3]) ?? Infinity) <= 400,
        ),
      ];
    }
    case 'close': {
      const floor = line(lines, /^\s+floor\s+([\d.]+) s/);
      const close = line(lines, /^\s+month close\s+([\d.]+) s\s+([\d.]+)× the floor\s+peak RSS (\d+) MB/);
      const status = line(lines, /^\s+run\s+(\w+)/);
      const ratio = close ? judged(close[2], 4, close[1], floor?.[1]) : null;
      return [
        figure(
          'month close end to end',
          close ? `${close[1]} s, peak RSS ${close[3]} MB${status && status[1] !== 'succeeded' ? ` (run ${status[1]})` : ''}` : null,
          floor ? `${floor[1]} s` : null,
          ratio?.ratio ?? null,
          '≤ 4× floor',
          status?.[1] === 'succeeded' && (ratio?.holds ?? false),
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
