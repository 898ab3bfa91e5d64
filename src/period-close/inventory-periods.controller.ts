import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { isIsoDate } from '../common/dates';
import { ValidationError } from '../common/errors';
import { CurrentUser } from '../common/http/current-user.decorator';
import { InventoryPeriodsService } from './inventory-periods.service';

function dateParam(name: string, value: string | undefined, required: boolean): string | null {
  if (value === undefined || value === '') {
    if (required) throw ValidationError.at(undefined, name, 'is required');
    return null;
  }
  if (!isIsoDate(value)) throw ValidationError.at(undefined, name, `'${value}' is not a date (YYYY-MM-DD)`);
  return value;
}

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
  @ApiQuery({ name: 'endingDate', required: false })
  test(@Query('endingDate') endingDate?: string) {
    return this.periods.test(dateParam('endingDate', endingDate, false));
  }

  @Post(':endingDate/close')
  @Access('operate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a period (R115): refused, naming the cause, unless it is clean, earlier periods are closed and its ending date has passed' })
  @ApiParam({ name: 'endingDate' })
  @ApiQuery({ name: 'beforePeriodEnd', required: false, description: 'true closes a period whose ending date has not passed yet, on purpose (audited)' })
  close(@Param('endingDate') endingDate: string, @CurrentUser() user: string, @Query('beforePeriodEnd') beforePeriodEnd?: string) {
    if (beforePeriodEnd !== undefined && beforePeriodEnd !== 'true' && beforePeriodEnd !== 'false') throw ValidationError.at(undefined, 'beforePeriodEnd', 'must be true or false');
    return this.periods.close(dateParam('endingDate', endingDate, true) as string, user, { beforePeriodEnd: beforePeriodEnd === 'true' });
  }

  @Post(':endingDate/reopen')
  @Access('operate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a period and every later one (R116)' })
  @ApiParam({ name: 'endingDate' })
  reopen(@Param('endingDate') endingDate: string, @CurrentUser() user: string) {
    return this.periods.reopen(dateParam('endingDate', endingDate, true) as string, user);
  }
}
