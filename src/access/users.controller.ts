import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { AccessDeniedError } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { parseDateTime } from '../common/dates';
import { CurrentUser } from '../common/http/current-user.decorator';
import { Access } from './access.decorator';
import { CreateTokenDto, CreateUserDto, UpdateUserDto } from './access.dto';
import { ApiTokensService } from './api-tokens.service';
import { UsersService } from './users.service';

@ApiTags('access')
@Controller('api/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly tokens: ApiTokensService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Access('configure')
  @ApiOperation({ summary: 'Users with their roles' })
  list() {
    return this.users.list();
  }

  @Post()
  @Access('configure')
  @ApiOperation({ summary: 'Create a user (admin, finance or auditor), with a password or token-only' })
  create(@Body() body: CreateUserDto, @CurrentUser() actor: string) {
    return this.users.create(actor, { id: body.id, role: body.role, displayName: body.displayName, password: body.password ?? null, disabled: body.disabled });
  }

  @Get(':id')
  @Access('configure')
  @ApiOperation({ summary: 'One user' })
  get(@Param('id') id: string) {
    return this.users.get(id);
  }

  @Put(':id')
  @Access('configure')
  @ApiOperation({ summary: 'Change role, display name, disabled, or set/reset the password (the last active admin stays one)' })
  update(@Param('id') id: string, @Body() body: UpdateUserDto, @CurrentUser() actor: string) {
    return this.users.update(actor, id, body);
  }

  @Post(':id/tokens')
  @Access('authenticated')
  @ApiOperation({
    summary: 'Issue an API token for yourself: the answer holds the token, shown this once and stored only as a hash. Nobody issues tokens for another user',
  })
  issueToken(@Param('id') id: string, @Body() body: CreateTokenDto, @CurrentUser() actor: string) {
    // Segregation of duties (issue 15, item 7): a token is a usable credential, so only its owner gets one.
    if (actor !== id) throw new AccessDeniedError(`API tokens are issued only to their owner: ${id} issues their own`);
    return this.tokens.issue(actor, id, { name: body.name, expiresAt: body.expiresAt ? parseDateTime(body.expiresAt) : null });
  }

  @Post(':id/password-reset')
  @Access('configure')
  @HttpCode(200)
  @ApiOperation({
    summary: "Reset a user's password: revokes all their tokens and answers a one-time password (shown once) that the user must replace at the first sign-in",
  })
  resetPassword(@Param('id') id: string, @CurrentUser() actor: string) {
    return this.users.resetPassword(actor, id, this.config.signIn.resetPasswordHours);
  }

  @Get(':id/tokens')
  @Access('configure', { orSelf: 'id' })
  @ApiOperation({ summary: "A user's API tokens, without secrets" })
  listTokens(@Param('id') id: string) {
    return this.tokens.list(id);
  }

  @Delete(':id/tokens/:tokenId')
  @Access('configure', { orSelf: 'id' })
  @ApiOperation({ summary: 'Revoke an API token (it stays listed, with revokedAt)' })
  revokeToken(@Param('id') id: string, @Param('tokenId') tokenId: string, @CurrentUser() actor: string) {
    return this.tokens.revoke(actor, id, tokenId);
  }
}
