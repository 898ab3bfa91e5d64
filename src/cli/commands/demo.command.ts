import { demoSummary } from '../../demo/demo-summary';
import { DemoService } from '../../demo/demo.service';
import { withAppContext } from '../app-context';
import type { CliCommand } from './command';

/**
 * `demo`: on an empty database, seeds the demo company and closes last month (what `npm start`
 * does on first start); prints where the reports and the package are. Run again, it changes nothing.
 */
export const demoCommand: CliCommand = {
  name: 'demo',
  usage: 'costclose demo',
  async run(args) {
    if (args.length) {
      process.stderr.write(`demo: takes no arguments\nusage:\n  ${this.usage}\n`);
      return 2;
    }
    return withAppContext(async (app, config) => {
      const outcome = await app.get(DemoService).ensure((e) => {
        if (e.kind === 'step-finished') process.stderr.write(`  close: ${e.step} ${e.result.status} (${e.seconds.toFixed(1)} s)\n`);
      });
      process.stdout.write(demoSummary(outcome, config.close.outDir).join('\n') + '\n');
      return outcome.run && outcome.run.status !== 'succeeded' ? 1 : 0;
    });
  },
};
