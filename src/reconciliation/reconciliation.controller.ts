import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { CurrentUser } from '../common/http/current-user.decorator';
import { reconciliationRows } from '../reports/definitions/inventory-gl-reconciliation.report';
import { InventoryGLReconciliationService, type Reconciliation } from './inventory-gl-reconciliation.service';
import { ReconciliationEntriesQueryDto, ReconciliationQueryDto } from './reconciliation.dto';

/** The API's view of a reconciliation: the matrix as the report prints it, the accounts per type and the notes. */
function reconciliationView(r: Reconciliation) {
  return { options: r.options, rows: reconciliationRows(r), accounts: Object.fromEntries(r.lines.map((l) => [l.accountType, l.accounts])), notes: r.notes };
}

@ApiTags('reconciliation')
@Controller('api/reconciliation')
export class ReconciliationController {
  constructor(private readonly reconciliation: InventoryGLReconciliationService) {}

  @Get()
  @Access('read')
  @ApiOperation({ summary: 'Inventory – G/L Reconciliation (R123): per account type, the columns, G/L Total, Difference and its causes' })
  async get(@Query() query: ReconciliationQueryDto, @CurrentUser() user: string) {
    return reconciliationView(await this.reconciliation.reconcile(ReconciliationQueryDto.toOptions(query), user));
  }

  @Get('entries')
  @Access('read')
  @ApiOperation({ summary: 'Drill down from one figure to the entries behind it, page by page (after = last entry number)' })
  entries(@Query() query: ReconciliationEntriesQueryDto, @CurrentUser() user: string) {
    return this.reconciliation.drillDown(ReconciliationQueryDto.toOptions(query), query.accountType, query.figure, query.after ?? 0, query.limit ?? 500, user);
  }
}
