import { Module } from '@nestjs/common';
import { PdfRenderer } from './rendering/pdf-renderer';
import { ReportService } from './report.service';
import { ReportsController } from './reports.controller';

@Module({
  controllers: [ReportsController],
  providers: [ReportService, PdfRenderer],
  exports: [ReportService],
})
export class ReportsModule {}
