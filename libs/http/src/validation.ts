import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { flattenValidationErrors, VALIDATION_OPTIONS, type FieldError } from '@cirtmesh/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/** What the API checks a body with: unknown fields refused, the first error per field. */
const PIPE_OPTIONS = { ...VALIDATION_OPTIONS, forbidUnknownValues: true, stopAtFirstError: true } as const;

/** What a body that fails validation is answered with. */
export const INVALID_FIELDS = 'the request has invalid fields';

/** Rejects unknown fields and answers 400 with `details: [{field, messages}]`. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...PIPE_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => new BadRequestException({ message: INVALID_FIELDS, details: flattenValidationErrors(errors) }),
  });
}

/**
 * One item of a batch body, checked exactly as the validation pipe checks a whole body: the
 * instance, or the same field errors the single endpoint would answer with.
 */
export function validateItem<T extends object>(schema: new () => T, value: unknown): { value: T } | { errors: FieldError[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { errors: [{ field: '', messages: ['each item must be a JSON object'] }] };
  }
  const instance = plainToInstance(schema, value);
  const errors = validateSync(instance, PIPE_OPTIONS);
  return errors.length > 0 ? { errors: flattenValidationErrors(errors) } : { value: instance };
}
