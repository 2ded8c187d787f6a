import type { StoredAlert } from '@cirtmesh/contracts';
import { Subject, type Observable } from 'rxjs';

/** Alerts as the node stores them, in store order, for live stream subscribers. */
export class LiveFeed {
  private readonly subject = new Subject<StoredAlert>();
  /** Clients following the feed now, and those let go for reading too slowly since the start. */
  readonly followers = { clients: 0, overflows: 0 };

  publish(record: StoredAlert): void {
    this.subject.next(record);
  }

  get records(): Observable<StoredAlert> {
    return this.subject.asObservable();
  }

  complete(): void {
    this.subject.complete();
  }
}
