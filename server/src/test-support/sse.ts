/** One Server-Sent Event as a client parses it. */
export interface SseEvent {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: any;
}

/**
 * Reads an event stream as EventSource would (id, event, data lines; comments skipped), for
 * tests: `next` waits for the next event matching a predicate, failing after a timeout.
 */
export class SseReader {
  readonly events: SseEvent[] = [];
  private at = 0;
  private buffer = '';
  private wake: (() => void) | undefined;
  private done = false;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(response: Response) {
    if (!response.body) throw new Error('no body');
    this.reader = response.body.getReader();
    void this.pump();
  }

  private async pump(): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await this.reader.read();
        if (done) break;
        this.buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) >= 0) {
          const block = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + 2);
          let id: string | undefined;
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'id') id = value;
            else if (field === 'event') event = value;
            else if (field === 'data') data.push(value);
          }
          if (data.length > 0) this.events.push({ id, event, data: JSON.parse(data.join('\n')) });
          this.wake?.();
        }
      }
    } catch {
      // cancelled
    } finally {
      this.done = true;
      this.wake?.();
    }
  }

  /** The next unread event for which `match` holds; the ones skipped on the way stay in `events`. */
  async next(match: (e: SseEvent) => boolean = () => true, timeoutMs = 10_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.at < this.events.length) {
        const e = this.events[this.at++]!;
        if (match(e)) return e;
      }
      if (this.done) throw new Error('the stream ended');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  async close(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }
}
