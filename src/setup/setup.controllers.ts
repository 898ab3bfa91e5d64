import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put, Query, Type } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { JSON_NUMBER_REFUSED } from '../common/decimal-bounds';
import { ValidationError } from '../common/errors';
import { FieldSpec, ResourceSpec, SETUP_RESOURCES } from './setup-resources';
import { SetupResourceService } from './setup-resource.service';

/** JSON schema of a resource body, for OpenAPI. */
function bodySchema(spec: ResourceSpec, requireKeys: boolean): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(spec.fields)) properties[name] = fieldSchema(field);
  return { type: 'object', additionalProperties: false, properties, required: requireKeys ? spec.keys : [] };
}

function fieldSchema(field: FieldSpec): Record<string, unknown> {
  const base: Record<string, unknown> = Array.isArray(field.kind)
    ? { type: 'string', enum: field.kind }
    : field.kind === 'decimal'
      ? { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$', example: '0.00' }
      : field.kind === 'integer'
        ? { type: 'integer', minimum: 0 }
        : field.kind === 'date'
          ? { type: 'string', format: 'date' }
          : { type: field.kind };
  if (field.nullable) base.nullable = true;
  if (field.description) base.description = field.description;
  return base;
}

/**
 * One controller per setup resource under /api/setup/<path>: list, get, create, upsert (PUT),
 * update (PATCH), delete. Reading is `read` (every role); changing is `configure` (admin). Keys travel in the body (create, upsert) or the query string (get,
 * update, delete), because several keys may legitimately be blank (the blank location, the blank
 * gen. business posting group); a single-key record can also be addressed as /<path>/<key>.
 */
function resourceController(spec: ResourceSpec): Type<unknown> {
  const keyQueries = spec.keys.map((k) => ApiQuery({ name: k, required: false, type: String }));
  const decorate =
    (...decorators: MethodDecorator[]) =>
    (target: object, key: string, descriptor: PropertyDescriptor) => {
      decorators.forEach((d) => d(target, key, descriptor));
    };

  if (spec.singleton) {
    @ApiTags('setup')
    @Controller(`api/setup/${spec.path}`)
    class SingletonController {
      constructor(@Inject(SetupResourceService) private readonly service: SetupResourceService) {}

      @Get()
      @Access('read')
      @ApiOperation({ summary: `Read ${spec.title}` })
      read() {
        return this.service.get(spec, {});
      }

      @Put()
      @Access('configure')
      @ApiOperation({ summary: `Change ${spec.title}` })
      @ApiBody({ schema: bodySchema(spec, false) })
      change(@Body() body: unknown) {
        return this.service.upsert(spec, refuseJsonNumbers(spec, body));
      }

      @Patch()
      @Access('configure')
      @ApiOperation({ summary: `Change some fields of ${spec.title}` })
      @ApiBody({ schema: bodySchema(spec, false) })
      patch(@Body() body: unknown) {
        return this.service.upsert(spec, refuseJsonNumbers(spec, body));
      }
    }
    Object.defineProperty(SingletonController, 'name', { value: `${pascal(spec.path)}Controller` });
    return SingletonController;
  }

  @ApiTags('setup')
  @Controller(`api/setup/${spec.path}`)
  class ListController {
    constructor(@Inject(SetupResourceService) private readonly service: SetupResourceService) {}

    @Get()
    @Access('read')
    @ApiOperation({ summary: `List ${spec.title} (filter by key fields)` })
    @decorate(...keyQueries)
    list(@Query() query: Record<string, string>) {
      return this.service.list(spec, keysOf(spec, query));
    }

    @Post()
    @Access('configure')
    @ApiOperation({ summary: `Create a ${spec.title} record` })
    @ApiBody({ schema: bodySchema(spec, true) })
    create(@Body() body: unknown) {
      return this.service.create(spec, refuseJsonNumbers(spec, body));
    }

    @Put()
    @Access('configure')
    @ApiOperation({ summary: `Create or replace a ${spec.title} record (keys in the body)` })
    @ApiBody({ schema: bodySchema(spec, true) })
    upsert(@Body() body: unknown) {
      return this.service.upsert(spec, refuseJsonNumbers(spec, body));
    }

    @Patch()
    @Access('configure')
    @ApiOperation({ summary: `Change a ${spec.title} record (keys in the query string)` })
    @decorate(...keyQueries)
    @ApiBody({ schema: bodySchema(spec, false) })
    update(@Query() query: Record<string, string>, @Body() body: unknown) {
      return this.service.update(spec, keysOf(spec, query), refuseJsonNumbers(spec, body));
    }

    @Delete()
    @Access('configure')
    @HttpCode(204)
    @ApiOperation({ summary: `Delete a ${spec.title} record (keys in the query string)` })
    @decorate(...keyQueries)
    async remove(@Query() query: Record<string, string>) {
      await this.service.remove(spec, keysOf(spec, query));
    }

    @Get(':key')
    @Access('read')
    @ApiOperation({
      summary: `Read one ${spec.title} record by its key${spec.keys.length > 1 ? ' (first key field; use the query form for composite keys)' : ''}`,
    })
    @ApiParam({ name: 'key', description: spec.keys[0] })
    one(@Param('key') key: string, @Query() query: Record<string, string>) {
      return this.service.get(spec, { ...keysOf(spec, query), [spec.keys[0]]: key });
    }
  }
  Object.defineProperty(ListController, 'name', { value: `${pascal(spec.path)}Controller` });
  return ListController;
}

/**
 * Decimal fields travel as strings over HTTP (issue 15, item 2): a JSON number may have lost
 * digits before it arrived, so it is refused with a message saying to send a string.
 */
function refuseJsonNumbers(spec: ResourceSpec, body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const problems = Object.entries(body as Record<string, unknown>)
    .filter(([field, value]) => spec.fields[field]?.kind === 'decimal' && typeof value === 'number')
    .map(([field]) => ({ field, message: JSON_NUMBER_REFUSED }));
  if (problems.length) throw ValidationError.of(problems);
  return body;
}

function keysOf(spec: ResourceSpec, query: Record<string, string>): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const k of spec.keys) if (query[k] !== undefined) keys[k] = query[k];
  return keys;
}

function pascal(path: string): string {
  return path.replace(/(^|-)(.)/g, (_m, _d, c: string) => c.toUpperCase());
}

export const SETUP_CONTROLLERS = SETUP_RESOURCES.map(resourceController);
