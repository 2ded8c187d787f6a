import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { flattenValidationErrors, VALIDATION_OPTIONS } from '@cirtmesh/contracts';

/** Rejects unknown fields and answers 400 with `details: [{field, messages}]`. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATION_OPTIONS,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) =>
      new BadRequestException({
        message: 'the request has invalid fields',
        details: flattenValidationErrors(errors),
      }),
  });
}
