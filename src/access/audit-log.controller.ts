import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access } from './access.decorator';
import { AuditLog, AuditPage } from './audit-log.service';

@ApiTags('access')
@Controller('api/audit-log')
export class AuditLogController {
  constructor(private readonly auditLog: AuditLog) {}

  @Get()
  @Access('audit')
  @ApiOperation({ summary: 'Who did what, oldest first, page by page (`after` = the last id of the previous page)' })
  @ApiQuery({ name: 'from', required: false, description: 'A date (from its start, UTC) or a date-time with offset' })
  @ApiQuery({ name: 'to', required: false, description: 'A date (to its end, UTC) or a date-time with offset' })
  @ApiQuery({ name: 'userId', required: false })
  @ApiQuery({
    name: 'action',
    required: false,
    description: 'e.g. period.close, period.reopen, auth.login, auth.login-failed, user.create, user.update, token.create, token.revoke',
  })
  @ApiQuery({ name: 'target', required: false, description: 'e.g. a period ending date, a user id, a token id' })
  @ApiQuery({ name: 'after', required: false })
  @ApiQuery({ name: 'limit', required: false, description: 'Page size, default 500, at most 10000' })
  page(@Query() query: Record<string, string>): Promise<AuditPage> {
    return this.auditLog.page(query);
  }
}
