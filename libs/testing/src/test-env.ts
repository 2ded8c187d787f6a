import { resolveOnPath } from '@cirtmesh/topology';

/** The only environment the test helpers read: where nats-server is. */
export function natsServerBinary(): string {
  return resolveOnPath(process.env.NATS_SERVER_BIN ?? 'nats-server', process.env.PATH);
}

/** A MongoDB server for the archive's contract suite, when one is available. */
export function mongoUri(): string | undefined {
  return process.env.MONGODB_URI || undefined;
}
