import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
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
  @ApiOperation({ summary: 'Log in with user name and password: returns an API token that expires (COSTCLOSE_LOGIN_TOKEN_HOURS)' })
  login(@Body() body: LoginDto) {
    return this.auth.login(body.userName, body.password);
  }

  @Get('me')
  @Access('authenticated')
  @ApiOperation({ summary: 'The user the token belongs to, with role, and the id of the token in use' })
  async me(@CurrentAuth() auth: AuthenticatedUser) {
    return { ...(await this.users.get(auth.id)), tokenId: auth.tokenId };
  }
}
