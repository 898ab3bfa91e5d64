import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Min, Max, MaxLength } from 'class-validator';
import { Access } from '../access/access.decorator';
import { CurrentUser } from '../common/http/current-user.decorator';
import { IsIsoDateInput } from '../common/http/iso-date.validator';
import { DECIMAL_SCHEMA, decimalInput, IsDecimalInput } from '../common/http/decimal-input.validator';
import { lineToRow, RevaluationService } from './revaluation.service';

const decimalProperty = DECIMAL_SCHEMA;

export class CalculateInventoryValueDto {
  @ApiProperty({ format: 'date' }) @IsIsoDateInput() postingDate!: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) itemNos?: string[];
  @ApiPropertyOptional({ enum: ['Item', 'ItemLedgerEntry'], default: 'Item' }) @IsOptional() @IsIn(['Item', 'ItemLedgerEntry']) calculatePer?:
    'Item' | 'ItemLedgerEntry';
  @ApiPropertyOptional({ description: 'By location: only this location' }) @IsOptional() @IsString() @MaxLength(255) locationCode?: string;
  @ApiPropertyOptional({ description: 'By variant: only this variant' }) @IsOptional() @IsString() @MaxLength(255) variantCode?: string;
}

export class RevalueDto {
  @ApiProperty({ format: 'date', description: 'Revaluation date (R84: may be back-dated)' }) @IsIsoDateInput() postingDate!: string;
  @ApiProperty() @IsString() @MaxLength(255) itemNo!: string;
  @ApiPropertyOptional({ enum: ['Item', 'ItemLedgerEntry'], default: 'Item' }) @IsOptional() @IsIn(['Item', 'ItemLedgerEntry']) calculatePer?:
    'Item' | 'ItemLedgerEntry';
  @ApiPropertyOptional({ description: 'Per entry: the item ledger entry to revalue (Applies-to Entry)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  appliesToEntry?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) locationCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) variantCode?: string;
  @ApiPropertyOptional(decimalProperty) @IsOptional() @IsDecimalInput() unitCostRevalued?: string;
  @ApiPropertyOptional(decimalProperty) @IsOptional() @IsDecimalInput() inventoryValueRevalued?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) documentNo?: string;
}

export class SetStandardCostDto {
  @ApiProperty() @IsString() @MaxLength(255) itemNo!: string;
  @ApiProperty(decimalProperty) @IsDecimalInput() standardCost!: string;
  @ApiProperty({ format: 'date' }) @IsIsoDateInput() postingDate!: string;
  @ApiPropertyOptional({ default: true, description: 'Revalue the stock on hand (R90)' }) @IsOptional() @IsBoolean() revalue?: boolean;
}

@ApiTags('valuation')
@Controller('api/valuation')
export class ValuationController {
  constructor(private readonly revaluation: RevaluationService) {}

  @Post('calculate-inventory-value')
  @Access('read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Calculate Inventory Value as of a date (R82–R88), without posting' })
  async calculate(@Body() body: CalculateInventoryValueDto, @CurrentUser() user: string) {
    const lines = await this.revaluation.calculate(
      {
        asOf: body.postingDate,
        itemNos: body.itemNos ?? null,
        calculatePer: body.calculatePer ?? 'Item',
        locationCode: body.locationCode ?? null,
        variantCode: body.variantCode ?? null,
      },
      user,
    );
    return lines.map((l) => lineToRow(l));
  }

  @Post('revaluations')
  @Access('operate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Calculate and post a revaluation journal line (R82, R85, R89)' })
  async revalue(@Body() body: RevalueDto, @CurrentUser() user: string) {
    const receipt = await this.revaluation.revalue(
      {
        asOf: body.postingDate,
        itemNos: [body.itemNo],
        calculatePer: body.calculatePer ?? 'Item',
        appliesToEntry: body.appliesToEntry ?? null,
        locationCode: body.locationCode ?? null,
        variantCode: body.variantCode ?? null,
        unitCostRevalued: body.unitCostRevalued !== undefined ? decimalInput(body.unitCostRevalued) : null,
        inventoryValueRevalued: body.inventoryValueRevalued !== undefined ? decimalInput(body.inventoryValueRevalued) : null,
        documentNo: body.documentNo ?? null,
      },
      user,
    );
    return {
      itemRegisterNo: receipt.itemRegisterNo,
      lines: receipt.lines.map((l) => lineToRow(l)),
      valueEntryNos: receipt.valueEntryNos,
      followUps: receipt.followUps,
    };
  }

  @Post('standard-cost')
  @Access('operate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Implement a standard cost change, revaluing the stock on hand (R90, R121)' })
  async setStandardCost(@Body() body: SetStandardCostDto, @CurrentUser() user: string) {
    const receipt = await this.revaluation.setStandardCost(body.itemNo, decimalInput(body.standardCost), body.postingDate, body.revalue !== false, user);
    return { revalued: receipt ? { itemRegisterNo: receipt.itemRegisterNo, valueEntryNos: receipt.valueEntryNos } : null };
  }
}
