import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import type { CollectionIds } from './resources';

const BUCKET = 'TAXII';
const KEY = 'collections';

/**
 * The node's collection ids: random UUIDv4s (TAXII 2.1 §2) made the first time and kept in a
 * key-value bucket of the node's own JetStream, so every restart serves the same collections.
 */
export async function loadCollectionIds(nc: NatsConnection): Promise<CollectionIds> {
  const kv = await nc.jetstream().views.kv(BUCKET, { history: 1 });
  const read = async (): Promise<CollectionIds | undefined> => {
    const entry = await kv.get(KEY);
    if (!entry || entry.length === 0) return undefined;
    const ids = entry.json<CollectionIds>();
    return typeof ids.alerts === 'string' && typeof ids.submissions === 'string' ? ids : undefined;
  };
  const held = await read();
  if (held) return held;
  const made: CollectionIds = { alerts: randomUUID(), submissions: randomUUID() };
  try {
    await kv.create(KEY, JSON.stringify(made));
    return made;
  } catch {
    // Another start made them first: theirs are the ones.
    const theirs = await read();
    if (!theirs) throw new Error('the TAXII collection ids can neither be read nor made');
    return theirs;
  }
}
