import * as fs from 'fs';
import * as path from 'path';
import type { DemoOutcome } from './demo.service';

/** What the newcomer reads after `npm start` or `costclose demo`: where the files are, and the reconciliation. */
export function demoSummary(outcome: DemoOutcome, outDir: string): string[] {
  const lines: string[] = [];
  if (outcome.seeded) lines.push(`Demo company seeded: ${outcome.entries} item ledger entries over the twelve months up to ${outcome.period.endingDate}.`);
  else lines.push('Demo company already in place: nothing seeded again.');
  const run = outcome.run;
  if (!run) {
    lines.push(`No close of ${outcome.period.label}: the database holds another company's data (the demo seeds only an empty one).`);
    return lines;
  }
  lines.push(`Close of ${run.period.label}: ${run.status} (run ${run.id}).`);
  const reconcile = run.steps.find((s) => s.step === 'reconcile');
  if (reconcile?.output && 'clean' in reconcile.output) {
    const o = reconcile.output as {
      clean: boolean;
      inventoryDifference: string;
      differences: { accountType: string; difference: string; beyondTolerance: boolean }[];
    };
    lines.push(
      o.clean
        ? `Inventory – G/L reconciliation: inventory and G/L agree (inventory account difference ${o.inventoryDifference}).`
        : `Inventory – G/L reconciliation: differences ${o.differences.map((d) => `${d.accountType} ${d.difference}`).join(', ')}.`,
    );
  }
  if (run.error) lines.push(`  ${run.error}`);
  const dir = path.join(outDir, run.dryRun ? `${run.period.label}-draft` : run.period.label);
  if (fs.existsSync(dir)) {
    lines.push(`Reports, CSVs and the period-close package: ${dir}`);
    for (const f of fs.readdirSync(dir).sort()) lines.push(`  ${f}`);
  }
  if (outcome.usersFile) lines.push(`Demo users demo-admin, demo-finance and demo-auditor: API tokens and console passwords in ${outcome.usersFile}`);
  return lines;
}
