import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { CurrentUser } from '../common/http/current-user.decorator';
import { CapacityDto, ConsumptionDto, CreateProductionOrderDto, FinishDto, OutputDto } from './production.dto';
import { ProductionService } from './production.service';

@ApiTags('production')
@Controller('api/production-orders')
export class ProductionController {
  constructor(private readonly production: ProductionService) {}

  @Post()
  @Access('operate')
  @HttpCode(201)
  @ApiOperation({ summary: "Release a production order: it keeps the item's unit cost and manufacturing overhead (R92)" })
  create(@Body() body: CreateProductionOrderDto) {
    return this.production.createOrder(body);
  }

  @Get(':orderNo')
  @Access('read')
  @ApiOperation({ summary: 'A production order: its planned components and routing, status, and the cost posted to it' })
  get(@Param('orderNo') orderNo: string) {
    return this.production.get(orderNo);
  }

  @Post(':orderNo/consumption')
  @Access('operate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Post consumption: Inventory to WIP (R101)' })
  consume(@Param('orderNo') orderNo: string, @Body() body: ConsumptionDto, @CurrentUser() user: string) {
    return this.production.consume({ ...body, orderNo }, user);
  }

  @Post(':orderNo/capacity')
  @Access('operate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Post capacity: WIP against Direct Cost Applied and Overhead Applied (R93, R102)' })
  capacity(@Param('orderNo') orderNo: string, @Body() body: CapacityDto, @CurrentUser() user: string) {
    return this.production.capacity({ ...body, orderNo }, user);
  }

  @Post(':orderNo/output')
  @Access('operate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Post output at expected cost: Inventory (Interim) against WIP (R64, R94)' })
  output(@Param('orderNo') orderNo: string, @Body() body: OutputDto, @CurrentUser() user: string) {
    return this.production.output({ ...body, orderNo }, user);
  }

  @Post(':orderNo/finish')
  @Access('operate')
  @HttpCode(204)
  @ApiOperation({ summary: 'Finish the order; the next cost adjustment invoices it (R94)' })
  async finish(@Param('orderNo') orderNo: string, @Body() body: FinishDto, @CurrentUser() user: string) {
    await this.production.finish(orderNo, body.postingDate, user);
  }
}
