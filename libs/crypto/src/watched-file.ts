import { unwatchFile, watchFile, type Stats } from 'node:fs';

/** What reloading a watched file came to: the new value, or why the file was refused. */
export type FileReload<T> = { ok: true; value: T; previous: T } | { ok: false; error: string };

/**
 * A value loaded from a file and reloaded live when the file changes. A file that fails to load
 * is refused and the previous value stays in force. Loading it at the start must succeed.
 */
export class WatchedFile<T> {
  private value: T;
  private listener?: (now: Stats, before: Stats) => void;

  constructor(
    readonly file: string,
    private readonly load: (file: string) => T,
    private readonly onReload: (outcome: FileReload<T>) => void = () => undefined,
  ) {
    this.value = load(file);
  }

  get current(): T {
    return this.value;
  }

  /** Loads the file again; when that fails, the previous value stays in force. */
  reload(): FileReload<T> {
    const previous = this.value;
    try {
      this.value = this.load(this.file);
      return { ok: true, value: this.value, previous };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Polls the file (robust to editors that replace it), reloads it when it changes and reports each outcome. */
  watch(intervalMs = 500): void {
    if (this.listener) return;
    this.listener = (now, before) => {
      if (now.mtimeMs === before.mtimeMs && now.size === before.size) return;
      this.onReload(this.reload());
    };
    watchFile(this.file, { interval: intervalMs }, this.listener);
  }

  close(): void {
    if (this.listener) unwatchFile(this.file, this.listener);
    this.listener = undefined;
  }
}
