import { Injectable, OnModuleInit } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_METADATA } from './access.decorator';

/**
 * Refuses to start the application while any route lacks an @Access rule, so that nobody can
 * add an endpoint and forget to say who may call it. (The guard refuses such a route too; this
 * makes the mistake impossible to ship rather than merely harmless.)
 */
@Injectable()
export class RouteAccessCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const missing = unguardedRoutes(this.discovery, this.scanner, this.reflector);
    if (missing.length) {
      throw new Error(`Every route needs an @Access(...) rule (src/access/access.decorator.ts); these have none: ${missing.join(', ')}`);
    }
  }
}

/** `Controller.method` of every route handler without an access rule. */
export function unguardedRoutes(discovery: DiscoveryService, scanner: MetadataScanner, reflector: Reflector): string[] {
  const missing: string[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
    if (!controller) continue;
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as object;
      const isRoute = Reflect.getMetadata(PATH_METADATA, handler) !== undefined && Reflect.getMetadata(METHOD_METADATA, handler) !== undefined;
      if (isRoute && reflector.get(ACCESS_METADATA, handler as never) === undefined) missing.push(`${controller.name}.${name}`);
    }
  }
  return missing;
}
