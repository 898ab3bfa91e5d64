import { ArgumentMetadata, ValidationError as ClassValidatorError, ValidationPipe } from '@nestjs/common';
import { ErrorDetail, ValidationError } from '../errors';
import { locate, requestShapeProblems } from './request-shape';

/**
 * Request validation: DTOs are whitelisted (an unknown property is refused, not dropped) and
 * every failure becomes a problem detail with the line (for `lines[i]`) and field it is about.
 * Before that, every body and query is checked for prototype keys and excessive nesting, also
 * where a route takes a body without a DTO.
 */
class ShapeCheckingValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const problems = requestShapeProblems(metadata.type === 'param' && metadata.data ? { [metadata.data]: value } : value, metadata.type);
      if (problems.length) throw ValidationError.of(problems.map((p) => locate(p.path, p.message)));
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ShapeCheckingValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => ValidationError.of(flatten(errors, [])),
  });
}

function flatten(errors: ClassValidatorError[], path: string[]): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const e of errors) {
    const here = [...path, e.property];
    for (const message of Object.values(e.constraints ?? {})) details.push(locate(here, message));
    if (e.children?.length) details.push(...flatten(e.children, here));
  }
  return details;
}
