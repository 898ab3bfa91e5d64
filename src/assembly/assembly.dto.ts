import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { DECIMAL_SCHEMA, IsDecimalInput } from '../common/http/decimal-input.validator';
import { IsIsoDateInput } from '../common/http/iso-date.validator';

export class AssemblyComponentDto {
  @ApiProperty() @IsString() @MaxLength(255) itemNo!: string;
  @ApiProperty({ ...DECIMAL_SCHEMA, description: 'Total quantity consumed' }) @IsDecimalInput() quantity!: string;
  @ApiPropertyOptional({ description: "Default: the order's location" }) @IsOptional() @IsString() @MaxLength(255) locationCode?: string;
  @ApiPropertyOptional({ description: 'Fixed application to this item ledger entry (R26)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  appliesToEntry?: number;
}

export class AssemblyResourceDto {
  @ApiProperty() @IsString() @MaxLength(255) no!: string;
  @ApiProperty({ ...DECIMAL_SCHEMA, description: "In the resource's unit (hours, say)" }) @IsDecimalInput() quantity!: string;
  @ApiPropertyOptional({ ...DECIMAL_SCHEMA, description: "Default: the resource's direct unit cost" }) @IsOptional() @IsDecimalInput() unitCost?: string;
}

export class PostAssemblyOrderDto {
  @ApiProperty({ description: 'The assembled item' }) @IsString() @MaxLength(255) itemNo!: string;
  @ApiProperty(DECIMAL_SCHEMA) @IsDecimalInput() quantity!: string;
  @ApiProperty({ format: 'date' }) @IsIsoDateInput() postingDate!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) locationCode?: string;
  @ApiPropertyOptional({ description: 'The order no.; default ASM + the item register no.' }) @IsOptional() @IsString() @MaxLength(255) documentNo?: string;
  @ApiProperty({ type: [AssemblyComponentDto] })
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => AssemblyComponentDto)
  components!: AssemblyComponentDto[];
  @ApiPropertyOptional({ type: [AssemblyResourceDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => AssemblyResourceDto)
  resources?: AssemblyResourceDto[];
}
