import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { DECIMAL_SCHEMA, decimalInput, IsDecimalInput } from '../../common/http/decimal-input.validator';
import { ValidationError } from '../../common/errors';
import type { WorksheetLine } from '../../costing/standard-cost/standard-cost-worksheet';
import { IsIsoDateInput } from '../../common/http/iso-date.validator';

export class CalculateStandardCostDto {
  @ApiProperty({ description: 'A Standard item with a BOM (produced or assembled)' }) @IsString() @MaxLength(255) itemNo!: string;
  @ApiPropertyOptional({
    enum: ['SingleLevel', 'AllLevels'],
    default: 'SingleLevel',
    description: 'AllLevels first recalculates every produced or assembled item below',
  })
  @IsOptional()
  @IsIn(['SingleLevel', 'AllLevels'])
  level?: 'SingleLevel' | 'AllLevels';
}

/** One worksheet line: an item with its new standard cost, or a work center or resource with new costs. */
export class WorksheetLineDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) itemNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) workCenterNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) resourceNo?: string;
  @ApiPropertyOptional(DECIMAL_SCHEMA) @IsOptional() @IsDecimalInput() newStandardCost?: string;
  @ApiPropertyOptional(DECIMAL_SCHEMA) @IsOptional() @IsDecimalInput() newDirectUnitCost?: string;
  @ApiPropertyOptional(DECIMAL_SCHEMA) @IsOptional() @IsDecimalInput() newIndirectCostPercent?: string;
  @ApiPropertyOptional(DECIMAL_SCHEMA) @IsOptional() @IsDecimalInput() newOverheadRate?: string;
}

export class ImplementStandardCostChangeDto {
  @ApiProperty({ format: 'date', description: 'Date of the revaluation (R121)' }) @IsIsoDateInput() postingDate!: string;
  @ApiProperty({ type: [WorksheetLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => WorksheetLineDto)
  lines!: WorksheetLineDto[];
  @ApiPropertyOptional({ default: true, description: 'Roll up the new costs to every Standard item that uses them' })
  @IsOptional()
  @IsBoolean()
  rollUp?: boolean;
  @ApiPropertyOptional({ default: true, description: 'Revalue the stock of the items whose standard cost changed (R90)' })
  @IsOptional()
  @IsBoolean()
  revalue?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) documentNo?: string;
}

/** A worksheet line as the core takes it; the line number in an error is one-based. */
export function toWorksheetLine(line: WorksheetLineDto, index: number): WorksheetLine {
  const kinds = [line.itemNo, line.workCenterNo, line.resourceNo].filter((k) => k !== undefined);
  if (kinds.length !== 1) throw ValidationError.at(index + 1, 'itemNo', 'give exactly one of itemNo, workCenterNo and resourceNo');
  if (line.itemNo !== undefined) {
    if (line.newStandardCost === undefined) throw ValidationError.at(index + 1, 'newStandardCost', 'is required on an item line');
    return { item: line.itemNo, newStandardCost: decimalInput(line.newStandardCost) };
  }
  const costs = {
    newDirectUnitCost: line.newDirectUnitCost !== undefined ? decimalInput(line.newDirectUnitCost) : undefined,
    newIndirectCostPercent: line.newIndirectCostPercent !== undefined ? decimalInput(line.newIndirectCostPercent) : undefined,
    newOverheadRate: line.newOverheadRate !== undefined ? decimalInput(line.newOverheadRate) : undefined,
  };
  return line.workCenterNo !== undefined ? { workCenter: line.workCenterNo, ...costs } : { resource: line.resourceNo as string, ...costs };
}
