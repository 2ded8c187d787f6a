import { DomainError } from '@cirtmesh/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

export class ConfigError extends DomainError {
  constructor(readonly problems: string[]) {
    super('CONFIG_INVALID', `invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/**
 * Validates environment variables against a class-validator class. Unknown variables are ignored
 * (the environment holds much else); every bad or missing one is named in one error.
 */
export function validateEnv<T extends object>(cls: new () => T, env: Record<string, string | undefined>): T {
  const instance = plainToInstance(cls, env, { enableImplicitConversion: false, exposeDefaultValues: true });
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: false });
  if (errors.length > 0) {
    throw new ConfigError(errors.map((e: ValidationError) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`));
  }
  return instance;
}
