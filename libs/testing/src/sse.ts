import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
  /** When this client parsed the event (ms since the epoch): for delay figures. */
  receivedAt: number;
}

/** A minimal Server-Sent Events client over fetch, for tests and the benchmark. */
export class SseClient {
  readonly events: SseEvent[] = [];
  private readonly controller = new AbortController();
  private waiters: Array<() => void> = [];
  private done: Promise<void> = Promise.resolve();
  status = 0;

  static async open(url: string, token: string, lastEventId?: string): Promise<SseClient> {
    const client = new SseClient();
    await client.connect(url, token, lastEventId);
    return client;
  }

  private async connect(url: string, token: string, lastEventId?: string): Promise<void> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'text/event-stream' };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    const res = await fetch(url, { headers, signal: this.controller.signal });
    this.status = res.status;
    if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}: ${await res.text()}`);
    const parser = createParser({
      onEvent: (event: EventSourceMessage) => {
        this.events.push({ id: event.id, event: event.event, data: event.data, receivedAt: Date.now() });
        for (const wake of this.waiters.splice(0)) wake();
      },
    });
    const reader = res.body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
    const decoder = new TextDecoder();
    let connected!: () => void;
    const ready = new Promise<void>((r) => (connected = r));
    this.done = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const text = decoder.decode(value, { stream: true });
          if (text.includes(': connected')) connected();
          parser.feed(text);
        }
      } catch {
        // closed by us or by the server
      } finally {
        connected();
      }
    })();
    await ready;
  }

  /** Waits until the events satisfy the predicate. */
  async waitFor(predicate: (events: SseEvent[]) => boolean, timeoutMs = 20_000): Promise<SseEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.events)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`stream: condition not met within ${timeoutMs} ms (${this.events.length} events)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.events;
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.done;
  }
}
