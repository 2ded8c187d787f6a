import { Keyring } from './keyring';
import { WatchedFile, type FileReload } from './watched-file';

export function loadKeyringFile(file: string): Keyring {
  return Keyring.read({ file });
}

/**
 * The keyring in force, reloaded when its file changes (a new key for a rotation, a revocation).
 * A broken file is refused and the previous keyring stays in force.
 */
export class KeyringHolder extends WatchedFile<Keyring> {
  /** `load` reads the keyring from the file: a keyring file by default, or a federation's signed directory. */
  constructor(file: string, onReload?: (outcome: FileReload<Keyring>) => void, load: (file: string) => Keyring = loadKeyringFile) {
    super(file, load, onReload);
  }
}
