import { KeyringHolder, type Keyring } from '@cirtmesh/crypto';
import { Logger, type Provider } from '@nestjs/common';

/** The keyring of every app: loaded at start, reloaded when its file changes, each outcome logged. */
export function keyringProvider(file: string, load?: (file: string) => Keyring): Provider {
  return {
    provide: KeyringHolder,
    useFactory: () => {
      const logger = new Logger('keyring');
      return new KeyringHolder(
        file,
        (outcome) =>
          outcome.ok
            ? logger.log('keyring reloaded')
            : logger.error(`keyring change refused, the previous one stays in force: ${outcome.error}`),
        load,
      );
    },
  };
}
