import { resolveOnPath } from '@cirtmesh/topology';

/** The only environment the test helpers read: where nats-server is. */
export function natsServerBinary(): string {
  return resolveOnPath(process.env.NATS_SERVER_BIN ?? 'nats-server', process.env.PATH);
}
