import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { isIsoDate } from '../common/dates';
import { ValidationError } from '../common/errors';
import { CurrentUser } from '../common/http/current-user.decorator';
import type { RunStatus } from './close-runs.store';
import { CloseRunsService } from './close-runs.service';
import { StartCloseDto } from './pipeline.dto';
import { runView } from './run-view';

const STATUSES: RunStatus[] = ['pending', 'running', 'succeeded', 'stopped', 'failed', 'interrupted'];

@ApiTags('period close')
@Controller('api/close-runs')
export class CloseRunsController {
  constructor(private readonly runs: CloseRunsService) {}

  @Post()
  @HttpCode(202)
  @Access('operate')
  @ApiOperation({ summary: 'Close a period: adjust, post to G/L, reconcile, close, print, package, e-mail (runs in the background; follow it with GET)' })
  async start(@Body() body: StartCloseDto, @CurrentUser() user: string) {
    return runView(await this.runs.startManual(body, user));
  }

  @Post(':id/resume')
  @HttpCode(202)
  @Access('operate')
  @ApiOperation({ summary: 'Resume a run that stopped, failed or was cut off, from its first unfinished step' })
  async resume(@Param('id', new ParseUUIDPipe()) id: string) {
    return runView(await this.runs.resume(id));
  }

  @Get()
  @Access('read')
  @ApiOperation({ summary: 'Close runs, newest first' })
  @ApiQuery({ name: 'periodEnd', required: false, description: 'ending date of the period' })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiQuery({ name: 'limit', required: false })
  async list(@Query('periodEnd') periodEnd?: string, @Query('status') status?: string, @Query('limit') limit?: string) {
    if (periodEnd !== undefined && !isIsoDate(periodEnd)) throw ValidationError.at(undefined, 'periodEnd', `'${periodEnd}' is not a date (YYYY-MM-DD)`);
    if (status !== undefined && !STATUSES.includes(status as RunStatus)) throw ValidationError.at(undefined, 'status', `must be one of ${STATUSES.join(', ')}`);
    const n = limit === undefined ? 50 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 500) throw ValidationError.at(undefined, 'limit', 'must be a whole number from 1 to 500');
    return (await this.runs.list({ periodEnd: periodEnd ?? null, status: (status as RunStatus) ?? null, limit: n })).map(runView);
  }

  @Get(':id')
  @Access('read')
  @ApiOperation({ summary: 'A close run with each step: status, times, counts, progress and estimate, output, error' })
  async get(@Param('id', new ParseUUIDPipe()) id: string) {
    return runView(await this.runs.get(id));
  }
}
