import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsIsoDateInput } from '../common/http/iso-date.validator';
import { ACCOUNT_TYPES, type AccountType } from '../costing/gl-posting-matrix';
import { CAUSES, type DrillFigure, type ReconciliationOptions } from './inventory-gl-reconciliation.service';

export const DRILL_FIGURES = ['total', 'glTotal', ...CAUSES.filter((c) => c !== 'unexplained')] as DrillFigure[];

/** The reconciliation's filter (R123): a date range, items and a location. */
export class ReconciliationQueryDto {
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsIsoDateInput() startDate?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsIsoDateInput() endDate?: string;
  @ApiPropertyOptional({ description: 'comma-separated item numbers' }) @IsOptional() @IsString() @MaxLength(10_000) itemNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) locationCode?: string;

  static toOptions(q: ReconciliationQueryDto): ReconciliationOptions {
    return { startDate: q.startDate ?? null, endDate: q.endDate ?? null, itemNos: q.itemNo ? q.itemNo.split(',') : null, locationCode: q.locationCode ?? null };
  }
}

/** One figure of the matrix, and the page of entries behind it (after = the last entry number seen). */
export class ReconciliationEntriesQueryDto extends ReconciliationQueryDto {
  @ApiProperty({ enum: ACCOUNT_TYPES }) @IsIn(ACCOUNT_TYPES) accountType!: AccountType;
  @ApiProperty({ enum: DRILL_FIGURES }) @IsIn(DRILL_FIGURES) figure!: DrillFigure;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) after?: number;
  @ApiPropertyOptional({ default: 500, maximum: 10_000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000) limit?: number;
}
