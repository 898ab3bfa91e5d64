import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../../access/access.decorator';
import { CurrentUser } from '../../common/http/current-user.decorator';
import type { CalculatedStandardCost } from '../../costing/standard-cost/calculate-standard-cost';
import { CalculateStandardCostDto, ImplementStandardCostChangeDto, toWorksheetLine } from './standard-cost.dto';
import { StandardCostService } from './standard-cost.service';

@ApiTags('valuation')
@Controller('api/valuation')
export class StandardCostController {
  constructor(private readonly standardCost: StandardCostService) {}

  @Post('calculate-standard-cost')
  @Access('operate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Calc. Production / Assembly Std. Cost: sets standard cost and cost shares from BOM and routing (R80, R81, R120); posts nothing' })
  async calculate(@Body() body: CalculateStandardCostDto, @CurrentUser() user: string) {
    return (await this.standardCost.calculate(body.itemNo, body.level ?? 'SingleLevel', user)).map(costRow);
  }

  @Post('standard-cost-worksheet/implement')
  @Access('operate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Standard Cost Worksheet: roll up, implement the new costs and revalue the stock, in one transaction (R121)' })
  async implement(@Body() body: ImplementStandardCostChangeDto, @CurrentUser() user: string) {
    const receipt = await this.standardCost.implement(
      {
        postingDate: body.postingDate,
        lines: body.lines.map(toWorksheetLine),
        rollUp: body.rollUp !== false,
        revalue: body.revalue !== false,
        documentNo: body.documentNo ?? null,
      },
      user,
    );
    return {
      items: receipt.items.map(costRow),
      workCenters: receipt.workCenters,
      resources: receipt.resources,
      revalued: receipt.revaluation ? { itemRegisterNo: receipt.revaluation.itemRegisterNo, valueEntryNos: receipt.revaluation.valueEntryNos } : null,
    };
  }
}

function costRow(c: CalculatedStandardCost) {
  const shares = (s: CalculatedStandardCost['singleLevel']) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.toFixed()]));
  return { itemNo: c.itemNo, standardCost: c.standardCost.toFixed(), singleLevel: shares(c.singleLevel), rolledUp: shares(c.rolledUp) };
}
