import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../access/access.decorator';
import { AuditLog } from '../access/audit-log.service';
import { isIsoDate } from '../common/dates';
import { CurrentUser } from '../common/http/current-user.decorator';
import { NotFoundError, ValidationError } from '../common/errors';
import { MANIFEST_NAME, sha256Hex } from './manifest';
import { PeriodPackageService } from './period-package.service';
import { readZipEntry } from './zip-reader';

function endingDateParam(value: string): string {
  if (!isIsoDate(value)) throw ValidationError.at(undefined, 'endingDate', `'${value}' is not a date (YYYY-MM-DD)`);
  return value;
}

@ApiTags('period-close packages')
@Controller('api/periods/:endingDate/package')
export class PeriodPackageController {
  constructor(
    private readonly packages: PeriodPackageService,
    private readonly auditLog: AuditLog,
  ) {}

  @Get()
  @Access('read')
  @ApiOperation({
    summary: 'Download the period-close package (zip) of an inventory period',
    description: 'The checksum of the bytes is in `Digest: sha-256=<base64>`, `Repr-Digest` and `X-Checksum-SHA256: <hex>`; check it after download, and the package with `costclose verify-package`.',
  })
  @ApiParam({ name: 'endingDate', description: 'ending date of the inventory period, YYYY-MM-DD' })
  @ApiProduces('application/zip')
  async download(@Param('endingDate') endingDate: string, @Res({ passthrough: true }) res: Response, @CurrentUser() user: string): Promise<StreamableFile> {
    const stored = await this.packages.find(endingDateParam(endingDate));
    // Who took which package, and which bytes: auditors' downloads are part of the trail.
    await this.auditLog.record({ userId: user, action: 'package.download', target: stored.fileName, details: { endingDate, sha256: stored.sha256, size: stored.size } });
    const base64 = Buffer.from(stored.sha256, 'hex').toString('base64');
    res.setHeader('Digest', `sha-256=${base64}`);
    res.setHeader('Repr-Digest', `sha-256=:${base64}:`);
    res.setHeader('X-Checksum-SHA256', stored.sha256);
    res.setHeader('ETag', `"${stored.sha256}"`);
    return new StreamableFile(this.packages.openRead(stored), { type: 'application/zip', disposition: `attachment; filename="${stored.fileName}"`, length: stored.size });
  }

  @Get('manifest')
  @Access('read')
  @ApiOperation({ summary: "The package's manifest.json, byte for byte (its SHA-256 is what the next period's package records)" })
  @ApiParam({ name: 'endingDate', description: 'ending date of the inventory period, YYYY-MM-DD' })
  @ApiProduces('application/json')
  async manifest(@Param('endingDate') endingDate: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const stored = await this.packages.find(endingDateParam(endingDate));
    const bytes = await readZipEntry(this.packages.filePath(stored), MANIFEST_NAME);
    if (!bytes) throw new NotFoundError(`The package ${stored.fileName} has no ${MANIFEST_NAME}`);
    res.setHeader('X-Checksum-SHA256', sha256Hex(bytes));
    return new StreamableFile(bytes, { type: 'application/json', length: bytes.length });
  }
}
