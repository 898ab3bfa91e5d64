import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsIsoDateInput } from '../common/http/iso-date.validator';

/** What a close run prints and sends, and what it accepts; shared by manual runs and schedules. */
export class RunSettingsDto {
  @ApiPropertyOptional({ type: [String], example: ['inventoryValuation', 'inventoryGLReconciliation'] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  reports?: string[];

  @ApiPropertyOptional({ example: 'nb-NO' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  locale?: string;

  @ApiPropertyOptional({ type: [String], example: ['finance@example.com'] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(255, { each: true })
  recipients?: string[];

  @ApiPropertyOptional({ example: '0.00', description: 'Largest Inventory – G/L difference per inventory account type the close accepts' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  tolerance?: string;
}

/** What a manual close run closes and how; what is left out comes from the configuration. */
export class StartCloseDto extends RunSettingsDto {
  @ApiProperty({ example: '2026-10', description: 'A month (2026-10), an ISO week (2026-W43) or a quarter (2026-Q4)' })
  @IsString()
  @MaxLength(255)
  period!: string;

  @ApiPropertyOptional({ description: 'Everything but G/L posting, closing and e-mail; reports and package marked DRAFT' })
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

/** A close schedule; on PUT every field is optional (what is left out stays). */
export class ScheduleDto extends RunSettingsDto {
  @ApiPropertyOptional({ example: 'Monthly close' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  name?: string;

  @ApiPropertyOptional({ enum: ['month', 'week', 'quarter'], example: 'month' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  periodKind?: string;

  @ApiPropertyOptional({ example: '0 6 1 * *', description: 'Cron expression (5 fields, or 6 with seconds first)' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  cron?: string;

  @ApiPropertyOptional({ example: 'Europe/Oslo', description: 'IANA time zone the cron expression is read in' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  timeZone?: string;

  @ApiPropertyOptional({ example: 1, description: 'Which period a tick closes: this many periods before the one it falls in' })
  @IsOptional()
  @IsInt()
  periodOffset?: number;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export const RUN_STATUSES = ['pending', 'running', 'succeeded', 'stopped', 'failed', 'interrupted'] as const;

/** Filters of the close-run list, newest first. */
export class CloseRunsQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'ending date of the period' }) @IsOptional() @IsIsoDateInput() periodEnd?: string;
  @ApiPropertyOptional({ enum: RUN_STATUSES }) @IsOptional() @IsIn(RUN_STATUSES) status?: (typeof RUN_STATUSES)[number];
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}
