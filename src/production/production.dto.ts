import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DECIMAL_SCHEMA, IsDecimalInput } from '../common/http/decimal-input.validator';
import { IsIsoDateInput } from '../common/http/iso-date.validator';

const MAX_ENTRY_NO = 2147483647;

export class CreateProductionOrderDto {
  @ApiProperty({ description: 'The produced item' }) @IsString() @MaxLength(255) itemNo!: string;
  @ApiProperty(DECIMAL_SCHEMA) @IsDecimalInput() quantity!: string;
  @ApiProperty({ format: 'date' }) @IsIsoDateInput() dueDate!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) locationCode?: string;
}

export class ConsumptionDto {
  @ApiProperty() @IsString() @MaxLength(255) itemNo!: string;
  @ApiProperty({ ...DECIMAL_SCHEMA, description: 'Negative returns material' }) @IsDecimalInput() quantity!: string;
  @ApiProperty({ format: 'date' }) @IsIsoDateInput() postingDate!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) locationCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(MAX_ENTRY_NO) appliesToEntry?: number;
  @ApiPropertyOptional({ description: 'A return at the exact cost of this consumption entry' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_ENTRY_NO)
  appliesFromEntry?: number;
}

export class CapacityDto {
  @ApiProperty() @IsString() @MaxLength(255) workCenterNo!: string;
  @ApiProperty({ ...DECIMAL_SCHEMA, description: "Setup and run time in the work center's measure (units on a Units work center)" })
  @IsDecimalInput()
  quantity!: string;
  @ApiProperty({ format: 'date' }) @IsIsoDateInput() postingDate!: string;
  @ApiPropertyOptional({ ...DECIMAL_SCHEMA, description: "Subcontracting: the invoiced direct unit cost; default the work center's" })
  @IsOptional()
  @IsDecimalInput()
  unitCost?: string;
}

export class OutputDto {
  @ApiProperty({ ...DECIMAL_SCHEMA, description: 'Negative reverses an output entry (appliesToEntry)' }) @IsDecimalInput() quantity!: string;
  @ApiProperty({ format: 'date' }) @IsIsoDateInput() postingDate!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) locationCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(MAX_ENTRY_NO) appliesToEntry?: number;
}

export class FinishDto {
  @ApiProperty({ format: 'date', description: 'The finished date' }) @IsIsoDateInput() postingDate!: string;
}
