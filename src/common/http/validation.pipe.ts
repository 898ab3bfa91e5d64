import { ValidationError as ClassValidatorError, ValidationPipe } from '@nestjs/common';
import { ErrorDetail, ValidationError } from '../errors';

/**
 * Request validation: DTOs are whitelisted (an unknown property is refused, not dropped) and
 * every failure becomes a problem detail with the line (for `lines[i]`) and field it is about.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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

/** `lines.699.postingDate` → line 700, field postingDate. */
function locate(path: string[], message: string): ErrorDetail {
  const index = path.findIndex((p, i) => i > 0 && /^\d+$/.test(p) && path[i - 1] === 'lines');
  if (index > 0) return { line: Number(path[index]) + 1, field: path.slice(index + 1).join('.') || 'line', message };
  return { field: path.join('.'), message };
}
