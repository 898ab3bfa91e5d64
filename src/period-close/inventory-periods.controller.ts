import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { CurrentUser } from '../common/http/current-user.decorator';
import { ClosePeriodQueryDto, CloseTestQueryDto, PeriodParamsDto } from './inventory-periods.dto';
import { InventoryPeriodsService } from './inventory-periods.service';

@ApiTags('inventory periods')
@Controller('api/inventory-periods')
export class InventoryPeriodsController {
  constructor(private readonly periods: InventoryPeriodsService) {}

  @Get()
  @Access('read')
  @ApiOperation({ summary: 'Inventory periods with their state (R113)' })
  list() {
    return this.periods.list();
  }

  @Get('close-test')
  @Access('read')
  @ApiOperation({ summary: 'Close Inventory Period – Test (R117): what keeps each open period up to the date from closing' })
  test(@Query() query: CloseTestQueryDto) {
    return this.periods.test(query.endingDate ?? null);
  }

  @Post(':endingDate/close')
  @Access('operate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a period (R115): refused, naming the cause, unless it is clean, earlier periods are closed and its ending date has passed' })
  close(@Param() params: PeriodParamsDto, @Query() query: ClosePeriodQueryDto, @CurrentUser() user: string) {
    return this.periods.close(params.endingDate, user, { beforePeriodEnd: query.beforePeriodEnd === 'true' });
  }

  @Post(':endingDate/reopen')
  @Access('operate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a period and every later one (R116)' })
  reopen(@Param() params: PeriodParamsDto, @CurrentUser() user: string) {
    return this.periods.reopen(params.endingDate, user);
  }
}
