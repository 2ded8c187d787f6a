import { TLPS, type StoredAlert, type Tlp } from '@cirtmesh/contracts';
import type { Micros } from './timestamps';

/**
 * Where each alert's STIX objects sit in a TAXII collection. Every alert has a fixed run of
 * slots: its origin's identity and its TLP's marking (shared by many alerts, each listed once:
 * at the first alert that uses it among those a reader may see), its report, then one slot per
 * indicator. Each slot's `date_added` is the alert's start plus the slot's index in microseconds,
 * and starts only grow, so every object has its own `date_added`, in the order of the node's log,
 * and `added_after` never splits a tie.
 */
export interface TimelineEntry {
  seq: number;
  alertId: string;
  tlp: Tlp;
  origin: string;
  startUs: Micros;
  slots: number;
}

/** The slots of the two shared objects, before the alert's own. */
export const SHARED_SLOTS = 2;

const rank = (tlp: Tlp): number => TLPS.indexOf(tlp);

/** A reader's ceiling, as the rank of the widest TLP it may see; RED (everything) without one. */
export const ceilingRank = (maxTlp: Tlp | undefined): number => rank(maxTlp ?? 'RED');

export class Timeline {
  private readonly entries: TimelineEntry[] = [];
  private readonly bySeq = new Map<number, TimelineEntry>();
  /** Per ceiling rank: shared object key (`origin:ke`, `tlp:GREEN`) → the seq of the first alert that lists it. */
  private firstUse: Array<Map<string, number>> = TLPS.map(() => new Map<string, number>());

  /** Adds an alert as the node stored it; records must come in the order of the log. */
  append(record: StoredAlert): void {
    if (this.bySeq.has(record.seq) || (this.entries.length > 0 && record.seq < this.entries[this.entries.length - 1].seq)) return;
    const last = this.entries[this.entries.length - 1];
    const storedUs = Date.parse(record.storedAt) * 1000;
    const startUs = last ? Math.max(storedUs, last.startUs + last.slots) : storedUs;
    const { alert } = record;
    const entry: TimelineEntry = {
      seq: record.seq,
      alertId: alert.id,
      tlp: alert.tlp,
      origin: alert.origin,
      startUs,
      slots: SHARED_SLOTS + 1 + (alert.indicators?.length ?? 0),
    };
    this.entries.push(entry);
    this.bySeq.set(entry.seq, entry);
    this.noteFirstUse(entry);
  }

  /** Drops alerts the archive no longer holds (past their retention), and who lists the shared objects since. */
  forget(seqs: number[]): void {
    if (seqs.length === 0) return;
    const gone = new Set(seqs);
    const kept = this.entries.filter((e) => !gone.has(e.seq));
    this.entries.length = 0;
    this.bySeq.clear();
    this.firstUse = TLPS.map(() => new Map<string, number>());
    for (const entry of kept) {
      this.entries.push(entry);
      this.bySeq.set(entry.seq, entry);
      this.noteFirstUse(entry);
    }
  }

  /** Whether this alert's slot lists the shared object for a reader of this ceiling. */
  listsShared(entry: TimelineEntry, slot: 0 | 1, ceiling: number): boolean {
    const key = this.sharedKeys(entry)[slot];
    return this.firstUse[ceiling].get(key) === entry.seq;
  }

  /** The seq of the alert that lists a shared object (`origin:ke`, `tlp:GREEN`) for a reader of this ceiling. */
  firstUseOf(key: string, ceiling: number): number | undefined {
    return this.firstUse[ceiling].get(key);
  }

  /** The keys of an alert's two shared objects, in slot order. */
  sharedKeys(entry: Pick<TimelineEntry, 'origin' | 'tlp'>): [string, string] {
    return [`origin:${entry.origin}`, `tlp:${entry.tlp}`];
  }

  visible(entry: TimelineEntry, ceiling: number): boolean {
    return rank(entry.tlp) <= ceiling;
  }

  get(seq: number): TimelineEntry | undefined {
    return this.bySeq.get(seq);
  }

  get size(): number {
    return this.entries.length;
  }

  /** The index of the first entry with a slot after `us` (exclusive), for `added_after`. */
  indexAfter(us: Micros): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const e = this.entries[mid];
      if (e.startUs + e.slots - 1 > us) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  indexOfSeq(seq: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.entries[mid].seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  at(index: number): TimelineEntry | undefined {
    return this.entries[index];
  }

  private noteFirstUse(entry: TimelineEntry): void {
    for (let ceiling = rank(entry.tlp); ceiling < TLPS.length; ceiling += 1) {
      for (const key of [`origin:${entry.origin}`, `tlp:${entry.tlp}`]) {
        if (!this.firstUse[ceiling].has(key)) this.firstUse[ceiling].set(key, entry.seq);
      }
    }
  }
}
