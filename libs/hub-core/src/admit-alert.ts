import { assertFresh, DomainError, type AlertEvent } from '@cirtmesh/contracts';
import { verifyAlertEvent, type Keyring } from '@cirtmesh/crypto';
import type { MeshDirectory } from '@cirtmesh/mesh';
import type { ArrivedFrom, HubView } from './hub-view';

export type AdmissionCode = 'UNKNOWN_ORIGIN' | 'NOT_A_MEMBER' | 'ORIGIN_MISMATCH' | 'LOOP' | 'HOP_LIMIT' | 'REPLAY';

/** Why a hub refuses an alert at its door. Permanent: the message is terminated and recorded, never retried. */
export class AdmissionRefusedError extends DomainError {
  declare readonly code: AdmissionCode;
  constructor(code: AdmissionCode, message: string) {
    super(code, message, { permanent: true });
  }
}

export interface AdmissionRequest {
  hub: HubView;
  directory: MeshDirectory;
  event: AlertEvent;
  sender: string;
  from: ArrivedFrom;
  /** The hubs the alert has crossed so far (its hop path header). */
  path: string[];
  /** The hop limit the message carries, if any; it can only lower the mesh's own. */
  carriedLimit: string | undefined;
  /** The hop limit in force here: the policy's, else the mesh file's. */
  hopLimit: number;
  keyring: Keyring;
  now: Date;
  maxAlertAgeMs: number;
  /** The message this hub first decided the alert from, if it has decided on it. */
  decidedFrom: string | undefined;
  /** This message, as decisions record their source. */
  source: string;
}

/** The limit the alert travels on from here. */
export interface Admission {
  hopLimit: number;
}

/**
 * Every check an alert passes before this hub decides on it, in order: a known origin, a sender
 * that speaks only for itself, no loop, the hop limit, the origin's signature, freshness, and no
 * replay. Pure: throws an AdmissionRefusedError, a SignatureError or a StaleAlertError, each
 * permanent, for an alert that can never be admitted.
 */
export function admitAlert(request: AdmissionRequest): Admission {
  const { hub, event, path } = request;
  const alert = event.data;
  checkSender(request);
  if (path.includes(hub.id)) {
    throw new AdmissionRefusedError('LOOP', `alert ${alert.id} has already crossed hub ${hub.id} (path ${path.join(' > ')})`);
  }
  const hopLimit = Math.min(Number(request.carriedLimit ?? request.hopLimit) || request.hopLimit, request.hopLimit);
  if (path.length + 1 > hopLimit) {
    throw new AdmissionRefusedError('HOP_LIMIT', `alert ${alert.id} would cross ${path.length + 1} hubs; the limit is ${hopLimit}`);
  }
  verifyAlertEvent(event, request.keyring);
  assertFresh(alert, request.now, request.maxAlertAgeMs);
  if (request.decidedFrom !== undefined && request.decidedFrom !== request.source) {
    throw new AdmissionRefusedError(
      'REPLAY',
      `alert ${alert.id} was already accepted here (from ${request.decidedFrom}); this copy is refused`,
    );
  }
  return { hopLimit };
}

/** A member may speak only for itself; the hub above only for alerts from other regions. */
function checkSender({ hub, directory, sender, from, event }: AdmissionRequest): void {
  const origin = event.data.origin;
  const originNode = directory.node(origin);
  if (!originNode) throw new AdmissionRefusedError('UNKNOWN_ORIGIN', `origin ${origin} is not a node of this mesh`);
  if (from === 'above') {
    if (originNode.region === hub.id) {
      throw new AdmissionRefusedError('ORIGIN_MISMATCH', `alert from ${origin} came back down into its own region`);
    }
    return;
  }
  if (!hub.members.includes(sender)) throw new AdmissionRefusedError('NOT_A_MEMBER', `${sender} is not a member of hub ${hub.id}`);
  const speaksFor = hub.role === 'regional' ? origin === sender : originNode.region === sender;
  if (!speaksFor) throw new AdmissionRefusedError('ORIGIN_MISMATCH', `${sender} sent an alert claiming origin ${origin}`);
}
