import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { LOCALES } from './rendering/report-locale';

function Option(description: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ description })(target, key);
    IsOptional()(target, key);
    IsString()(target, key);
    MaxLength(10_000)(target, key);
  };
}

/**
 * Every report option, as query-string text. Which report takes which option, and what a value
 * means, is the report definition's (its parseOptions, shared with the CLI and the scenario
 * runner): it refuses an option the report does not have and a value it cannot read, naming it.
 */
export class ReportOptionsDto {
  @Option('date (YYYY-MM-DD)') startDate?: string;
  @Option('date (YYYY-MM-DD); default: the work date where the report needs one') endDate?: string;
  @Option('date (YYYY-MM-DD): another name for the ending date (inventoryValuation) or valuation date (costSpecification)') asOfDate?: string;
  @Option('date (YYYY-MM-DD), costSpecification') valuationDate?: string;
  @Option('date (YYYY-MM-DD), closeInventoryPeriodTest') endingDate?: string;
  @Option('true or false, inventoryValuation') includeExpectedCost?: string;
  @Option('true or false, costSharesBreakdown') showDetails?: string;
  @Option('Sales or Inventory, costSharesBreakdown') printCostShareFor?: string;
  @Option('an item number or a comma-separated list') item?: string;
  @Option('a location code (empty: the blank location)') location?: string;
  @Option('a variant code') variant?: string;
}

export class ReportFileQueryDto extends ReportOptionsDto {
  @ApiPropertyOptional({ enum: ['pdf', 'csv'], default: 'pdf' }) @IsOptional() @IsIn(['pdf', 'csv']) format?: 'pdf' | 'csv';
  @ApiPropertyOptional({ enum: LOCALES, default: 'en' }) @IsOptional() @IsIn(LOCALES) locale?: string;
}

/** The options given, without the rendering choices and without absent ones. */
export function optionsOf(query: ReportOptionsDto & { format?: unknown; locale?: unknown }): Record<string, string> {
  const { format: _format, locale: _locale, ...options } = query;
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Record<string, string>;
}
