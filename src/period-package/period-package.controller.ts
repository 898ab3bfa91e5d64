import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access } from '../access/access.decorator';
import { AuditLog } from '../access/audit-log.service';
import { isIsoDate } from '../common/dates';
import { CurrentUser } from '../common/http/current-user.decorator';
import { NotFoundError, ValidationError } from '../common/errors';
import { MANIFEST_NAME, sha256Hex } from './manifest';
import { PackageRevisionView, PeriodPackageService, StoredPackage } from './period-package.service';
import { readZipEntry } from './zip-reader';

function endingDateParam(value: string): string {
  if (!isIsoDate(value)) throw ValidationError.at(undefined, 'endingDate', `'${value}' is not a date (YYYY-MM-DD)`);
  return value;
}

function revisionParam(value: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(value)) throw ValidationError.at(undefined, 'revision', `'${value.slice(0, 40)}' is not a revision number (1, 2, …)`);
  return Number(value);
}

const ENDING_DATE = { name: 'endingDate', description: 'ending date of the inventory period, YYYY-MM-DD' };
const REVISION = { name: 'revision', description: "the package's revision: 1 for the period's first package, 2, 3, … for each rebuild after a reopen" };

/**
 * Period-close packages for auditors: the period's current package, and every revision it ever
 * had (a package never changes; a rebuild after a reopen is a new revision, issue 15 item 11).
 */
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
    summary: 'Download the current period-close package (zip) of an inventory period',
    description:
      'The latest revision. The checksum of the bytes is in `Digest: sha-256=<base64>`, `Repr-Digest` and `X-Checksum-SHA256: <hex>`, the revision in `X-Package-Revision`; check it after download, and the package with `costclose verify-package`.',
  })
  @ApiParam(ENDING_DATE)
  @ApiProduces('application/zip')
  async download(@Param('endingDate') endingDate: string, @Res({ passthrough: true }) res: Response, @CurrentUser() user: string): Promise<StreamableFile> {
    return this.send(await this.packages.find(endingDateParam(endingDate)), res, user);
  }

  @Get('manifest')
  @Access('read')
  @ApiOperation({ summary: "The current package's manifest.json, byte for byte (its SHA-256 is what the next period's package records)" })
  @ApiParam(ENDING_DATE)
  @ApiProduces('application/json')
  async manifest(@Param('endingDate') endingDate: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return this.sendManifest(await this.packages.find(endingDateParam(endingDate)), res);
  }

  @Get('revisions')
  @Access('read')
  @ApiOperation({
    summary: "Every revision of the period's package, oldest first",
    description:
      'Each with its file, checksums, the revision that superseded it (null for the current one), its chain link and, from revision 2 on, what it supersedes and the reopens in the audit log.',
  })
  @ApiParam(ENDING_DATE)
  async revisions(@Param('endingDate') endingDate: string): Promise<{ items: PackageRevisionView[] }> {
    return { items: await this.packages.list(endingDateParam(endingDate)) };
  }

  @Get('revisions/:revision')
  @Access('read')
  @ApiOperation({
    summary:
      'Download one revision of the period-close package (zip), superseded ones included; headers as for the current package, plus `X-Package-Superseded-By` when superseded',
  })
  @ApiParam(ENDING_DATE)
  @ApiParam(REVISION)
  @ApiProduces('application/zip')
  async downloadRevision(
    @Param('endingDate') endingDate: string,
    @Param('revision') revision: string,
    @Res({ passthrough: true }) res: Response,
    @CurrentUser() user: string,
  ): Promise<StreamableFile> {
    const date = endingDateParam(endingDate);
    return this.send(await this.packages.find(date, revisionParam(revision)), res, user);
  }

  @Get('revisions/:revision/manifest')
  @Access('read')
  @ApiOperation({ summary: "One revision's manifest.json, byte for byte" })
  @ApiParam(ENDING_DATE)
  @ApiParam(REVISION)
  @ApiProduces('application/json')
  async revisionManifest(
    @Param('endingDate') endingDate: string,
    @Param('revision') revision: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const date = endingDateParam(endingDate);
    return this.sendManifest(await this.packages.find(date, revisionParam(revision)), res);
  }

  private async send(stored: StoredPackage, res: Response, user: string): Promise<StreamableFile> {
    // Who took which package, and which bytes: auditors' downloads are part of the trail.
    await this.auditLog.record({
      userId: user,
      action: 'package.download',
      target: stored.fileName,
      details: { endingDate: stored.endingDate, revision: stored.revision, sha256: stored.sha256, size: stored.size },
    });
    const base64 = Buffer.from(stored.sha256, 'hex').toString('base64');
    res.setHeader('Digest', `sha-256=${base64}`);
    res.setHeader('Repr-Digest', `sha-256=:${base64}:`);
    res.setHeader('X-Checksum-SHA256', stored.sha256);
    res.setHeader('ETag', `"${stored.sha256}"`);
    res.setHeader('X-Package-Revision', String(stored.revision));
    if (stored.supersededBy !== null) res.setHeader('X-Package-Superseded-By', String(stored.supersededBy));
    return new StreamableFile(this.packages.openRead(stored), {
      type: 'application/zip',
      disposition: `attachment; filename="${stored.fileName}"`,
      length: stored.size,
    });
  }

  private async sendManifest(stored: StoredPackage, res: Response): Promise<StreamableFile> {
    const bytes = await readZipEntry(this.packages.filePath(stored), MANIFEST_NAME);
    if (!bytes) throw new NotFoundError(`The package ${stored.fileName} has no ${MANIFEST_NAME}`);
    res.setHeader('X-Checksum-SHA256', sha256Hex(bytes));
    res.setHeader('X-Package-Revision', String(stored.revision));
    return new StreamableFile(bytes, { type: 'application/json', length: bytes.length });
  }
}
