import { Module } from '@nestjs/common';
import { PdfRenderer } from './rendering/pdf-renderer';
import { ReportRenderJob } from './report-render.job';
import { ReportService } from './report.service';
import { ReportsController } from './reports.controller';

@Module({
  controllers: [ReportsController],
  providers: [ReportService, PdfRenderer, ReportRenderJob],
  exports: [ReportService],
})
export class ReportsModule {}
