import { MemoryAlertArchive, openMongoArchive, type AlertArchive } from '@cirtmesh/archive';
import { ConfigError } from '@cirtmesh/config';
import type { NodeConfig } from './config';

/** The URI without its password, for messages. */
function redacted(uri: string): string {
  return uri.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

/** MONGODB_URI selects MongoDB; without it the in-memory archive, rebuilt from JetStream at start. */
export async function openArchive(config: NodeConfig): Promise<AlertArchive> {
  const { mongoUri, retention } = config.archive;
  if (!mongoUri) return new MemoryAlertArchive({ retention });
  try {
    return await openMongoArchive(mongoUri, { retention });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError([`MONGODB_URI: cannot open the archive at ${redacted(mongoUri)}: ${reason}`]);
  }
}
