import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import type { Dec } from '../../common/decimal';
import type { IsoDate } from '../../common/dates';
import { ValidationError } from '../../common/errors';
import { inTransaction } from '../../database/sql-session';
import { CalculatedStandardCost, calculateStandardCost } from '../../costing/standard-cost/calculate-standard-cost';
import { implementWorksheet, WorksheetLine } from '../../costing/standard-cost/standard-cost-worksheet';
import { loadCostingSetup } from '../../setup/costing-setup';
import { RevaluationReceipt, RevaluationService } from '../revaluation.service';
import { StandardCostRepository } from './standard-cost.repository';

export interface ImplementOptions {
  postingDate: IsoDate;
  lines: readonly WorksheetLine[];
  /** Roll Up Standard Cost before implementing (default true). */
  rollUp: boolean;
  /** Revalue the stock of every item whose standard cost changed (default true, R90, R121). */
  revalue: boolean;
  documentNo: string | null;
}

export interface ImplementReceipt {
  items: CalculatedStandardCost[];
  workCenters: string[];
  resources: string[];
  revaluation: RevaluationReceipt | null;
}

/**
 * Calc. Production / Assembly Std. Cost and the Standard Cost Worksheet (R80, R81, R120, R121):
 * load the master data in bulk, let the pure core calculate, write the new costs in one
 * statement, and for the worksheet post the revaluation of the stock, all in one transaction.
 */
@Injectable()
export class StandardCostService {
  constructor(
    private readonly orm: MikroORM,
    private readonly repository: StandardCostRepository,
    private readonly revaluation: RevaluationService,
  ) {}

  /** Sets the item's (and with AllLevels its produced and assembled components') standard cost and shares. Posts nothing (R90). */
  async calculate(itemNo: string, level: 'SingleLevel' | 'AllLevels', userId: string): Promise<CalculatedStandardCost[]> {
    return inTransaction(this.orm, async (sql) => {
      const setup = await loadCostingSetup(sql, userId);
      const ctx = await this.repository.loadContext(sql, [itemNo], setup.precisions.unitAmount);
      if (!ctx.items.has(itemNo)) throw ValidationError.at(undefined, 'item', `Item ${itemNo} does not exist`);
      const calculated = calculateStandardCost(itemNo, level, ctx);
      await this.repository.writeStandardCosts(sql, calculated);
      return calculated;
    });
  }

  /**
   * The worksheet from its lines through Roll Up and Implement Standard Cost Change to the posted
   * revaluation (R121): all of it, or nothing.
   */
  async implement(options: ImplementOptions, userId: string): Promise<ImplementReceipt> {
    if (!options.lines.length) throw ValidationError.at(undefined, 'lines', 'the worksheet has no lines');
    return inTransaction(this.orm, async (sql) => {
      const setup = await loadCostingSetup(sql, userId);
      const itemNos = options.lines.flatMap((l) => ('item' in l ? [l.item] : []));
      const ctx = await this.repository.loadContext(sql, itemNos, setup.precisions.unitAmount);
      const implemented = implementWorksheet(options.lines, options.rollUp, ctx);
      let revaluation: RevaluationReceipt | null = null;
      if (options.revalue) {
        const changed = implemented.items.filter((c) => !c.standardCost.eq(ctx.items.get(c.itemNo)?.standardCost as Dec));
        if (changed.length)
          revaluation = await this.revaluation.revalueToStandardCosts(
            sql,
            setup,
            changed.map((c) => ({ itemNo: c.itemNo, standardCost: c.standardCost })),
            options.postingDate,
            options.documentNo,
          );
      }
      await this.repository.writeStandardCosts(sql, implemented.items);
      await this.repository.writeCapacityCosts(sql, 'work_center', implemented.workCenters);
      await this.repository.writeCapacityCosts(sql, 'resource', implemented.resources);
      return {
        items: implemented.items,
        workCenters: implemented.workCenters.map((w) => w.no),
        resources: implemented.resources.map((r) => r.no),
        revaluation,
      };
    });
  }
}
