import { CostcloseError } from '../../common/errors';
import { COST_SHARES } from '../../costing/standard-cost/calculate-standard-cost';
import { StandardCostService } from '../../valuation/standard-cost/standard-cost.service';
import { withAppContext } from '../app-context';
import { CliCommand, parseOptions, usageError } from './command';

const USAGE = `costclose standard-cost ITEM [--all-levels]
    Calc. Production / Assembly Std. Cost (R80, R81): sets ITEM's standard cost and cost shares from its BOM and routing
    (with --all-levels, every produced or assembled item below it first); posts nothing`;

/** `standard-cost ITEM [--all-levels]`: calculates and prints each item's standard cost and shares. */
export const standardCostCommand: CliCommand = {
  name: 'standard-cost',
  usage: USAGE,
  async run(args) {
    const { switches, positional, error } = parseOptions(args, [], ['all-levels']);
    if (error) return usageError(`standard-cost: ${error}`, USAGE);
    if (positional.length !== 1) return usageError('standard-cost: name one item', USAGE);
    try {
      return await withAppContext(async (app, config) => {
        const calculated = await app
          .get(StandardCostService)
          .calculate(positional[0], switches.has('all-levels') ? 'AllLevels' : 'SingleLevel', config.systemUserId);
        for (const c of calculated) {
          const shares = (s: typeof c.singleLevel) => COST_SHARES.map((k) => `${k} ${s[k].toFixed()}`).join(', ');
          process.stdout.write(
            `${c.itemNo}: standard cost ${c.standardCost.toFixed()}\n  single-level: ${shares(c.singleLevel)}\n  rolled-up:    ${shares(c.rolledUp)}\n`,
          );
        }
        return 0;
      });
    } catch (e) {
      if (e instanceof CostcloseError) {
        process.stderr.write(`standard-cost: ${e.message}\n`);
        return 1;
      }
      throw e;
    }
  },
};
