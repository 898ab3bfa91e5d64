import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { CurrentUser } from '../common/http/current-user.decorator';
import { ScheduleDto } from './pipeline.dto';
import { ScheduleRegistrar } from './schedule-registrar';
import { SchedulesService } from './schedules.service';
import type { ScheduleRecord } from './schedules.store';

@ApiTags('period close')
@Controller('api/schedules')
export class SchedulesController {
  constructor(
    private readonly schedules: SchedulesService,
    private readonly registrar: ScheduleRegistrar,
  ) {}

  private view(s: ScheduleRecord) {
    return { ...s, nextTick: this.registrar.nextTick(s.id) };
  }

  @Get()
  @Access('read')
  @ApiOperation({ summary: 'Close schedules, with the next tick of each (when this instance runs schedules)' })
  async list() {
    return (await this.schedules.list()).map((s) => this.view(s));
  }

  @Get(':id')
  @Access('read')
  @ApiOperation({ summary: 'A close schedule' })
  async get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.view(await this.schedules.get(id));
  }

  @Post()
  @Access('configure')
  @ApiOperation({ summary: 'Create a close schedule: registered at once, no restart' })
  async create(@Body() body: ScheduleDto, @CurrentUser() user: string) {
    return this.view(await this.schedules.create({ ...body }, user));
  }

  @Put(':id')
  @Access('configure')
  @ApiOperation({ summary: 'Change a close schedule (fields left out stay): re-registered at once' })
  async update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: ScheduleDto, @CurrentUser() user: string) {
    return this.view(await this.schedules.update(id, { ...body }, user));
  }

  @Delete(':id')
  @HttpCode(204)
  @Access('configure')
  @ApiOperation({ summary: 'Delete a close schedule (its runs stay)' })
  async remove(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: string): Promise<void> {
    await this.schedules.remove(id, user);
  }
}
