import { waitUntil } from '@cirtmesh/testing';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WatchedFile, type FileReload } from './watched-file';

/** A file of one number, which loads as that number; anything else is refused. */
function loadNumber(file: string): number {
  const text = readFileSync(file, 'utf8');
  if (!/^\d+\n$/.test(text)) throw new Error(`${file}: not a number`);
  return Number(text);
}

describe(WatchedFile.name, () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cirtmesh-watched-'));
    file = join(dir, 'value.txt');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the file at the start, and refuses to start on a broken one', () => {
    writeFileSync(file, '1\n');
    expect(new WatchedFile(file, loadNumber).current).toBe(1);
    writeFileSync(file, 'one\n');
    expect(() => new WatchedFile(file, loadNumber)).toThrow('not a number');
  });

  it('reloads the new value, and keeps the previous one when the file is broken', () => {
    writeFileSync(file, '1\n');
    const watched = new WatchedFile(file, loadNumber);
    writeFileSync(file, '2\n');
    expect(watched.reload()).toEqual({ ok: true, value: 2, previous: 1 });
    expect(watched.current).toBe(2);
    writeFileSync(file, 'two\n');
    expect(watched.reload()).toEqual({ ok: false, error: `${file}: not a number` });
    expect(watched.current).toBe(2);
  });

  it('reloads when the file changes while watched, and reports each outcome', async () => {
    writeFileSync(file, '1\n');
    const outcomes: FileReload<number>[] = [];
    const watched = new WatchedFile(file, loadNumber, (outcome) => outcomes.push(outcome));
    watched.watch(10);
    try {
      // The watcher takes its first look at the file soon after watch(): a change before that
      // would go unseen, so the change is written again until it is seen.
      await waitUntil('the change to be seen', () => {
        if (outcomes.length === 0) writeFileSync(file, '22\n');
        return outcomes.length > 0;
      });
      expect(outcomes[0]).toEqual({ ok: true, value: 22, previous: 1 });
      writeFileSync(file, 'broken\n');
      const refused = await waitUntil('the broken file to be refused', () => outcomes.find((outcome) => !outcome.ok));
      expect(refused).toEqual({ ok: false, error: `${file}: not a number` });
      expect(watched.current).toBe(22);
    } finally {
      watched.close();
    }
  });
});
