import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsArray, IsOptional, IsString } from 'class-validator';
import { Access } from '../access/access.decorator';
import { IsIsoDateInput } from '../common/http/iso-date.validator';
import { CurrentUser } from '../common/http/current-user.decorator';
import { AdjustmentRunsService, RunView } from './adjustment-runs.service';
import { AdjustmentService } from './adjustment.service';

export class StartAdjustmentDto {
  @ApiPropertyOptional({ type: [String], description: 'Only these items (R42); all items with work when left out' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  items?: string[];

  @ApiPropertyOptional({ format: 'date', description: 'R47: adjust what is valued up to this date' })
  @IsOptional()
  @IsIsoDateInput()
  upTo?: string;
}

export class MarkForAdjustmentDto {
  @ApiPropertyOptional({ type: [String], description: 'Items to mark; all items when left out' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  items?: string[];
}

class RunAccepted {
  @ApiProperty() runId!: string;
  @ApiProperty() status!: string;
}

@ApiTags('adjustment')
@Controller('api/adjustment/runs')
export class AdjustmentController {
  constructor(
    private readonly runs: AdjustmentRunsService,
    private readonly adjustment: AdjustmentService,
  ) {}

  @Post()
  @Access('operate')
  @HttpCode(202)
  @ApiOperation({ summary: 'Start Adjust Cost – Item Entries; returns the run id at once, the run goes on in the background' })
  async start(@Body() body: StartAdjustmentDto, @CurrentUser() user: string): Promise<RunAccepted> {
    const run = await this.runs.start(user, body.items ?? null, body.upTo ?? null);
    return { runId: run.id, status: run.status };
  }

  @Post('mark')
  @Access('operate')
  @HttpCode(200)
  @ApiOperation({ summary: 'R48 Mark for Adjustment: make the next run verify every entry of the items (schedules work only)' })
  mark(@Body() body: MarkForAdjustmentDto) {
    return this.adjustment.markForAdjustment(body.items ?? null);
  }

  @Get()
  @Access('read')
  @ApiOperation({ summary: 'The latest adjustment runs' })
  list(): Promise<RunView[]> {
    return this.runs.list();
  }

  @Get(':id')
  @Access('read')
  @ApiOperation({ summary: 'Progress (items done, entries written, elapsed, estimate) and result of a run' })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<RunView> {
    return this.runs.get(id);
  }
}
