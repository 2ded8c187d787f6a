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
  constructor(file: string, onReload?: (outcome: FileReload<Keyring>) => void) {
    super(file, loadKeyringFile, onReload);
  }
}
