import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { CurrentUser } from '../common/http/current-user.decorator';
import { REPORT_DEFINITIONS, REPORT_NAMES } from './report-catalog';
import { LOCALES, parseLocale } from './rendering/report-locale';
import { parseFormat, ReportService } from './report.service';
import { optionsOf, ReportFileQueryDto, ReportOptionsDto } from './reports.dto';

@ApiTags('reports')
@Controller('api/reports')
export class ReportsController {
  constructor(private readonly reports: ReportService) {}

  @Get()
  @Access('read')
  @ApiOperation({ summary: 'The reports, their formats and languages' })
  list() {
    return { reports: REPORT_DEFINITIONS.map((r) => ({ name: r.name, fileStem: r.fileStem })), formats: ['pdf', 'csv'], locales: LOCALES };
  }

  @Get(':name/rows')
  @Access('read')
  @ApiOperation({ summary: "A report's rows as JSON (what the PDF and CSV print as detail lines)" })
  @ApiParam({ name: 'name', enum: REPORT_NAMES })
  async rows(@Param('name') name: string, @Query() query: ReportOptionsDto, @CurrentUser() user: string) {
    return { report: name, rows: await this.reports.rows(name, optionsOf(query), user) };
  }

  @Get(':name')
  @Access('read')
  @ApiOperation({
    summary: 'A report as PDF or CSV, streamed',
    description: 'Query: format=pdf|csv, locale=en|nb-NO, and the report options (e.g. startDate, endDate, includeExpectedCost for inventoryValuation).',
  })
  @ApiParam({ name: 'name', enum: REPORT_NAMES })
  @ApiProduces('application/pdf', 'text/csv')
  async file(@Param('name') name: string, @Query() query: ReportFileQueryDto, @CurrentUser() user: string): Promise<StreamableFile> {
    const report = await this.reports.render(name, optionsOf(query), { format: parseFormat(query.format), locale: parseLocale(query.locale), userId: user });
    return new StreamableFile(report.body, {
      type: report.contentType,
      disposition: `attachment; filename="${report.fileName}"`,
      length: report.body.length,
    });
  }
}
