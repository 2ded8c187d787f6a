import { unwatchFile, watchFile } from 'node:fs';
import { Keyring } from './keyring';

export function loadKeyringFile(file: string): Keyring {
  return Keyring.read({ file });
}

/**
 * The keyring in force, reloaded when its file changes (a new key for a rotation, a revocation).
 * A broken file is refused and the previous keyring stays in force.
 */
export class KeyringHolder {
  private keyring: Keyring;
  private watching = false;

  constructor(
    readonly file: string,
    private readonly onReload: (outcome: { ok: true } | { ok: false; error: string }) => void = () => undefined,
  ) {
    this.keyring = loadKeyringFile(file);
  }

  get current(): Keyring {
    return this.keyring;
  }

  watch(intervalMs = 500): void {
    if (this.watching) return;
    this.watching = true;
    watchFile(this.file, { interval: intervalMs }, (now, before) => {
      if (now.mtimeMs === before.mtimeMs && now.size === before.size) return;
      try {
        this.keyring = loadKeyringFile(this.file);
        this.onReload({ ok: true });
      } catch (error) {
        this.onReload({ ok: false, error: (error as Error).message });
      }
    });
  }

  close(): void {
    if (this.watching) unwatchFile(this.file);
    this.watching = false;
  }
}
