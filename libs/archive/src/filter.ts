import { severityRank, type DeliveryOutcome, type StoredAlert } from '@cirtmesh/contracts';
import { InvalidCursorError, type AlertFilter } from './alert-archive';

export function matchesFilter(record: StoredAlert, filter: AlertFilter): boolean {
  const { alert } = record;
  if (filter.direction && record.direction !== filter.direction) return false;
  if (filter.origin && alert.origin !== filter.origin) return false;
  if (filter.category && alert.category !== filter.category) return false;
  if (filter.severity && severityRank(alert.severity) < severityRank(filter.severity)) return false;
  if (filter.tlp && alert.tlp !== filter.tlp) return false;
  if (filter.since && Date.parse(alert.createdAt) < Date.parse(filter.since)) return false;
  return true;
}

export function encodeCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^seq:(\d{1,15})$/.exec(text);
  if (!match) throw new InvalidCursorError();
  return Number(match[1]);
}

/** Per recipient, the latest decision wins; on a tie a delivery beats a deferral beats a refusal. */
export function mergeDeliveries(current: DeliveryOutcome[] = [], incoming: DeliveryOutcome[]): DeliveryOutcome[] {
  const rank = { refused: 0, deferred: 1, delivered: 2 } as const;
  const byRecipient = new Map(current.map((d) => [d.recipient, d]));
  for (const outcome of incoming) {
    const held = byRecipient.get(outcome.recipient);
    const later =
      !held || outcome.decidedAt > held.decidedAt || (outcome.decidedAt === held.decidedAt && rank[outcome.outcome] > rank[held.outcome]);
    if (later) byRecipient.set(outcome.recipient, outcome);
  }
  return [...byRecipient.values()].sort((a, b) => (a.recipient < b.recipient ? -1 : a.recipient > b.recipient ? 1 : 0));
}
