import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { isIsoDate } from '../common/dates';
import { ValidationError } from '../common/errors';
import { CurrentUser } from '../common/http/current-user.decorator';
import { ACCOUNT_TYPES, AccountType } from '../costing/gl-posting-matrix';
import { reconciliationRows } from '../reports/definitions/inventory-gl-reconciliation.report';
import { CAUSES, DrillFigure, InventoryGLReconciliationService, ReconciliationOptions } from './inventory-gl-reconciliation.service';

const FIGURES = ['total', 'glTotal', ...CAUSES.filter((c) => c !== 'unexplained')];

function options(query: Record<string, string | undefined>): ReconciliationOptions {
  for (const name of ['startDate', 'endDate']) if (query[name] !== undefined && !isIsoDate(query[name])) throw ValidationError.at(undefined, name, `'${query[name]}' is not a date (YYYY-MM-DD)`);
  return { startDate: query.startDate ?? null, endDate: query.endDate ?? null, itemNos: query.itemNo ? query.itemNo.split(',') : null, locationCode: query.locationCode ?? null };
}

@ApiTags('reconciliation')
@Controller('api/reconciliation')
export class ReconciliationController {
  constructor(private readonly reconciliation: InventoryGLReconciliationService) {}

  @Get()
  @Access('read')
  @ApiOperation({ summary: 'Inventory – G/L Reconciliation (R123): per account type, the columns, G/L Total, Difference and its causes' })
  @ApiQuery({ name: 'startDate', required: false })
  @ApiQuery({ name: 'endDate', required: false })
  @ApiQuery({ name: 'itemNo', required: false, description: 'comma-separated item numbers' })
  @ApiQuery({ name: 'locationCode', required: false })
  async get(@Query() query: Record<string, string>, @CurrentUser() user: string) {
    const r = await this.reconciliation.reconcile(options(query), user);
    return { options: r.options, rows: reconciliationRows(r), accounts: Object.fromEntries(r.lines.map((l) => [l.accountType, l.accounts])), notes: r.notes };
  }

  @Get('entries')
  @Access('read')
  @ApiOperation({ summary: 'Drill down from one figure to the entries behind it, page by page (after = last entry number)' })
  @ApiQuery({ name: 'accountType', enum: ACCOUNT_TYPES })
  @ApiQuery({ name: 'figure', enum: FIGURES })
  async entries(@Query() query: Record<string, string>, @CurrentUser() user: string) {
    const type = query.accountType as AccountType;
    if (!ACCOUNT_TYPES.includes(type)) throw ValidationError.at(undefined, 'accountType', `'${query.accountType}' is not one of ${ACCOUNT_TYPES.join(', ')}`);
    const figure = query.figure as DrillFigure;
    if (!FIGURES.includes(figure)) throw ValidationError.at(undefined, 'figure', `'${query.figure}' is not one of ${FIGURES.join(', ')}`);
    const after = query.after ? Number(query.after) : 0;
    const limit = Math.min(query.limit ? Number(query.limit) : 500, 10_000);
    if (!Number.isInteger(after) || !Number.isInteger(limit) || limit < 1) throw ValidationError.at(undefined, 'after', 'after and limit must be whole numbers');
    const { startDate, endDate, itemNos, locationCode } = options(query);
    return this.reconciliation.drillDown({ startDate, endDate, itemNos, locationCode }, type, figure, after, limit, user);
  }
}
