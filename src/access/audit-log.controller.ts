import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from './access.decorator';
import { AuditLogQueryDto } from './audit-log.dto';
import { AuditLog, AuditPage } from './audit-log.service';

@ApiTags('access')
@Controller('api/audit-log')
export class AuditLogController {
  constructor(private readonly auditLog: AuditLog) {}

  @Get()
  @Access('audit')
  @ApiOperation({ summary: 'Who did what, oldest first, page by page (`after` = the last id of the previous page)' })
  page(@Query() query: AuditLogQueryDto): Promise<AuditPage> {
    return this.auditLog.page(query);
  }
}
