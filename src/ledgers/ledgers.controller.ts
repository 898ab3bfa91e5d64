import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { LedgerPageQueryDto } from './ledger-page.dto';
import { LEDGER_VIEWS, LedgerPage, LedgerQueryService } from './ledger-query.service';

@ApiTags('ledgers')
@Controller('api/ledgers')
export class LedgersController {
  constructor(private readonly ledgers: LedgerQueryService) {}

  @Get(':ledger')
  @Access('read')
  @ApiOperation({
    summary: 'Read a ledger page by page',
    description:
      'Filters are the camelCase field names listed per ledger (e.g. itemNo, postingDateFrom, postingDateTo); `after` is the last entry number of the previous page (`nextAfter` of the response), `limit` the page size (default 500, at most 10000). G/L – item ledger relations page by G/L entry and value entry: pass `nextAfter` as `after` and `nextAfterValueEntryNo` as `afterValueEntryNo`.',
  })
  @ApiParam({ name: 'ledger', enum: Object.keys(LEDGER_VIEWS) })
  page(@Param('ledger') ledger: string, @Query() query: LedgerPageQueryDto): Promise<LedgerPage> {
    return this.ledgers.page(ledger, query);
  }
}
