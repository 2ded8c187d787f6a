import type { StoredAlert } from '@cirtmesh/contracts';
import { Subject, type Observable } from 'rxjs';

/** Alerts as the node stores them, in store order, for live stream subscribers. */
export class LiveFeed {
  private readonly subject = new Subject<StoredAlert>();

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
