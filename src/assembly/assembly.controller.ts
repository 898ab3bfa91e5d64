import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { CurrentUser } from '../common/http/current-user.decorator';
import { PostAssemblyOrderDto } from './assembly.dto';
import { AssemblyService } from './assembly.service';

@ApiTags('assembly')
@Controller('api/assembly-orders')
export class AssemblyController {
  constructor(private readonly assembly: AssemblyService) {}

  @Post()
  @Access('operate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Post an assembly order in one step: components, resources and output at actual cost, or at standard (R95)' })
  post(@Body() body: PostAssemblyOrderDto, @CurrentUser() user: string) {
    return this.assembly.post(body, user);
  }
}
