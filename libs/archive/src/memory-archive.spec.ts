import { describeArchiveContract } from '../test/archive.contract';
import { MemoryAlertArchive } from './memory-archive';

describeArchiveContract('in memory', (options) =>
  Promise.resolve({ archive: new MemoryAlertArchive(options), dispose: () => Promise.resolve() }),
);
