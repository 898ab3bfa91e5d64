import { Global, Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { ApiTokensRepository } from './api-tokens.repository';
import { ApiTokensService } from './api-tokens.service';
import { AuditLog } from './audit-log.service';
import { AuditLogController } from './audit-log.controller';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { BootstrapAdmin } from './bootstrap-admin';
import { AuditLogRepository } from './audit-log.repository';
import { ConsoleSessions } from './console-sessions';
import { SignInFailuresRepository } from './sign-in-failures.repository';
import { ConsoleSessionsRepository } from './console-sessions.repository';
import { RouteAccessCheck } from './route-access-check';
import { UsersController } from './users.controller';
import { SignInThrottle } from './sign-in-throttle';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/**
 * Users, roles, API tokens, the guard every request passes, and the audit log. Global so that
 * any module can record to the AuditLog (period close, schedules, package downloads).
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [AuthController, UsersController, AuditLogController],
  providers: [
    AuditLog,
    AuditLogRepository,
    UsersService,
    UsersRepository,
    ApiTokensService,
    ApiTokensRepository,
    AuthService,
    SignInThrottle,
    SignInFailuresRepository,
    ConsoleSessions,
    ConsoleSessionsRepository,
    BootstrapAdmin,
    RouteAccessCheck,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AuditLog, UsersService, ApiTokensService, AuthService, ConsoleSessions],
})
export class AccessModule {}
