import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { CurrentUser } from '../common/http/current-user.decorator';
import { CloseRunsService } from './close-runs.service';
import { CloseRunsQueryDto, StartCloseDto } from './pipeline.dto';
import { runView } from './run-view';

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
  async list(@Query() query: CloseRunsQueryDto) {
    return (await this.runs.list({ periodEnd: query.periodEnd ?? null, status: query.status ?? null, limit: query.limit ?? 50 })).map(runView);
  }

  @Get(':id')
  @Access('read')
  @ApiOperation({ summary: 'A close run with each step: status, times, counts, progress and estimate, output, error' })
  async get(@Param('id', new ParseUUIDPipe()) id: string) {
    return runView(await this.runs.get(id));
  }
}
