import type { MongoAlertArchive, MongoArchiveOptions } from './mongo-archive';

/**
 * Opens the MongoDB archive. Mongoose and its driver are loaded here, on first use, and not with
 * the library: a node on the embedded archive never pays for loading them at start.
 */
export async function openMongoArchive(uri: string, options: MongoArchiveOptions = {}): Promise<MongoAlertArchive> {
  const { MongoAlertArchive } = await import('./mongo-archive');
  return MongoAlertArchive.connect(uri, options);
}
