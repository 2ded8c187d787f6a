import { toAlert, toAlertEvent, type AlertEvent, type AlertSubmissionDto } from '@cirtmesh/contracts';
import { packageRoot } from '@cirtmesh/config';
import { generateSigningKey, Keyring, signAlertEvent, type SigningKey } from '@cirtmesh/crypto';
import { loadMeshSpec, MeshDirectory } from '@cirtmesh/mesh';
import type { IncomingMessage } from '@cirtmesh/messaging';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';

/** The demo mesh's file and its directory: global; africa with ke, ng, za, ke-fin; asia-pacific with jp, my, id. */
export const demoMeshFile = (): string => join(packageRoot(__dirname), 'deploy', 'mesh.demo.yaml');
export const demoPolicyFile = (hub: string): string => join(packageRoot(__dirname), 'deploy', 'policies', `${hub}.yaml`);
export const demoDirectory = (): MeshDirectory => new MeshDirectory(loadMeshSpec(demoMeshFile()));

/** A signing key per party (ids `<party>-1`) and the keyring that lists them all. */
export function testKeys(parties: string[]): { key: (party: string) => SigningKey; keyring: Keyring } {
  const keys = new Map(parties.map((p) => [p, generateSigningKey(`${p}-1`).key]));
  const keyring = new Keyring([...keys].map(([owner, key]) => ({ owner, id: key.id, publicKey: key.publicKey })));
  return {
    key: (party) => {
      const key = keys.get(party);
      if (!key) throw new Error(`no test key for ${party}`);
      return key;
    },
    keyring,
  };
}

/** A valid submission, as an analyst would post it. */
export function testSubmission(overrides: Partial<AlertSubmissionDto> = {}): AlertSubmissionDto {
  return {
    title: 'Phishing campaign against mobile banking users',
    category: 'phishing',
    severity: 'high',
    tlp: 'GREEN',
    scope: 'regional',
    indicators: [{ type: 'domain', value: 'secure-login.example.net' }],
    ...overrides,
  };
}

/** An alert from `origin`, signed with its key, as it travels the mesh. */
export function signedAlert(origin: string, key: SigningKey, overrides: Partial<AlertSubmissionDto> = {}, now = new Date()): AlertEvent {
  return signAlertEvent(toAlertEvent(toAlert(testSubmission(overrides), origin, uuidv7({ msecs: now.getTime() }), now)), key);
}

/** A message as a handler receives it from a stream, for calling a use case directly. */
export function incoming(
  subject: string,
  data: Uint8Array,
  seq: number,
  headers: Record<string, string> = {},
  storedAtMs = Date.now(),
): IncomingMessage {
  return { subject, data, seq, deliveryCount: 1, storedAtMs, header: (name) => headers[name], working: () => undefined };
}
