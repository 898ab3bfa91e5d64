import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from './access.decorator';
import { LoginDto } from './access.dto';
import { AuthService } from './auth.service';
import { AuthenticatedUser, CurrentAuth } from './authenticated-user';
import { UsersService } from './users.service';

@ApiTags('access')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Access('public')
  @ApiOperation({
    summary:
      'Log in with user name and password (and newPassword, to replace a password an admin set or reset): returns an API token that expires (COSTCLOSE_LOGIN_TOKEN_HOURS). Failed sign-ins are throttled per user and address (429)',
  })
  login(@Body() body: LoginDto, @Req() request: Request) {
    return this.auth.login(body.userName, body.password, request.ip ?? null, body.newPassword ?? null);
  }

  @Get('me')
  @Access('authenticated')
  @ApiOperation({ summary: 'The user the token belongs to, with role, and the id of the token in use' })
  async me(@CurrentAuth() auth: AuthenticatedUser) {
    return { ...(await this.users.get(auth.id)), tokenId: auth.tokenId };
  }
}
