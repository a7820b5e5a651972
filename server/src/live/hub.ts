import { type Db, DIRTY_CHANNEL, firstLiveEventId, lastLiveEventId, LIVE_CHANNEL, type LiveEvent, liveEventsAfter, type Unlisten } from '@prestasi/db';
import type { Visible } from '../auth/visibility.js';
import { InputsCache } from './inputs.js';
import { type LiveUpdate, type UpdateOptions, updateLiveResults } from './update.js';

export interface LiveOptions {
  /**
   * LISTEN on the database (a Connection's `listen`): events appended by any process reach this
   * one's streams, and changes queued by any writer are applied. Without it (tests, one-off
   * apps) only this process's own updates reach its streams, and queued changes wait for the
   * next update asked for here.
   */
  readonly listen?: (channel: string, onNotify: (payload: string) => void) => Promise<Unlisten>;
  /** Where failures of background updates are reported (default stderr). */
  readonly onError?: (error: unknown) => void;
  /** Events kept for replay (default: update.ts EVENTS_KEPT). */
  readonly eventsKept?: number;
}

/** Events read from the table at a time while fanning out. */
const PAGE = 1000;
/** Events waiting to be written to one stream at most: a client that stopped reading is let go. */
const MAX_QUEUED = 10_000;
/**
 * How long a leaderboard event may wait for others of its board (and results) to go out with.
 * A rep's own deal brings its board's event at once, with the result; the others' dashboards
 * learn of a changed ranking within this time, instead of being written to (and refetching a
 * board of thousands) for every deal of the plan.
 */
export const LEADERBOARD_MS = 5000;

/** One open stream: what its user may see, and the last event it was sent. */
export interface Subscriber {
  readonly visible: Visible;
  /** The plans whose leaderboards the user is on; grows as their results appear on new plans. */
  readonly plans: Set<string> | 'all';
  /** Writes events to the stream, in one write (a thousand streams get each change at once). */
  readonly send: (events: readonly LiveEvent[]) => Promise<void>;
  /** Ends the stream: it fell too far behind, or the hub closed. */
  readonly end: () => void;
  /** Tells the client that events after its Last-Event-ID are no longer kept: it must refetch. */
  readonly reset: () => Promise<void>;
}

/** Whether a stream's user may see an event (auth/policies.ts: reps their own pay, managers their team's). */
export function maysee(sub: Pick<Subscriber, 'visible' | 'plans'>, event: LiveEvent): boolean {
  if (event.kind === 'result') return sub.visible === 'all' || (event.payee !== null && sub.visible.has(event.payee));
  return sub.plans === 'all' || sub.plans.has(event.plan);
}

/**
 * The process's side of real time: runs the live updater (one pass at a time, requests made
 * during a pass sharing the next), and fans the events out to the open streams, each filtered
 * to what its user may see. With `listen`, one LISTEN connection per process hears every
 * process's events (LISTEN/NOTIFY, no broker).
 */
export class LiveHub {
  /** The inputs other than deals, read once per version: updates and checks of posted deals share them. */
  readonly inputs = new InputsCache();
  private readonly subscribers = new Set<Queued>();
  /** Streams opened so far, to give each its place in the leaderboard spread. */
  private subscribed = 0;
  private readonly unlisten: Unlisten[] = [];
  /** The last event fanned out; undefined until the first stream or update needs it. */
  private lastSeen: string | undefined;
  private pumping: Promise<void> | undefined;
  private pumpAgain = false;
  private running: Promise<LiveUpdate> | undefined;
  private next: { promise: Promise<LiveUpdate>; keep: Set<string> } | undefined;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly options: LiveOptions = {},
  ) {}

  /** Starts listening (with `listen`) and applies what was queued while no process was. */
  async start(): Promise<void> {
    const listen = this.options.listen;
    if (listen === undefined) return;
    this.lastSeen ??= await lastLiveEventId(this.db);
    this.unlisten.push(await listen(LIVE_CHANNEL, () => this.pump()));
    this.unlisten.push(await listen(DIRTY_CHANNEL, () => void this.update().catch((e: unknown) => this.report(e))));
    // What was queued while no process listened; a failure is reported, not fatal to the server
    // (the queue stays for the next update).
    await this.update().catch((e: unknown) => this.report(e));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const u of this.unlisten.splice(0)) await u();
    for (const sub of [...this.subscribers]) this.drop(sub);
    await this.running?.catch(() => undefined);
    await this.next?.promise.catch(() => undefined);
    await this.pumping;
  }

  /**
   * Brings the live results up to date (update.ts) and fans out what changed. A call while a
   * pass runs waits for the pass after it, which then covers it too.
   */
  update(options: UpdateOptions = {}): Promise<LiveUpdate> {
    if (this.running === undefined) return this.begin(new Set(options.keep));
    if (this.next === undefined) {
      const keep = new Set<string>();
      const promise = this.running.catch(() => undefined).then(() => {
        this.next = undefined;
        return this.begin(keep);
      });
      this.next = { promise, keep };
    }
    for (const y of options.keep ?? []) this.next.keep.add(y);
    return this.next.promise;
  }

  private begin(keep: ReadonlySet<string>): Promise<LiveUpdate> {
    const run = (async () => {
      this.lastSeen ??= await lastLiveEventId(this.db);
      const outcome = await updateLiveResults(this.db, {
        keep: [...keep],
        inputs: this.inputs,
        ...(this.options.eventsKept === undefined ? {} : { eventsKept: this.options.eventsKept }),
      });
      if (outcome.events > 0) await this.pump();
      return outcome;
    })();
    this.running = run;
    void run.then(
      () => this.settle(run),
      () => this.settle(run),
    );
    return run;
  }

  private settle(run: Promise<LiveUpdate>): void {
    if (this.running === run) this.running = undefined;
  }

  /**
   * Registers a stream; the events after `after` (default: from now on) reach it in order, each
   * once: first those in the table, then what the pump carries.
   */
  async subscribe(sub: Subscriber, after: string | undefined): Promise<Subscriber & { close(): void }> {
    this.lastSeen ??= await lastLiveEventId(this.db);
    // Streams take turns through the second leaderboard events are spread over (golden-ratio steps: evenly, without a random source).
    const spreadMs = Math.floor(((this.subscribed++ * 0.6180339887) % 1) * 1000);
    const entry: Queued = { ...sub, last: BigInt(after ?? this.lastSeen), queued: 0, tail: Promise.resolve(), pending: [], timer: undefined, spreadMs };
    if (after !== undefined) {
      const first = await firstLiveEventId(this.db);
      // Some of what it missed was deleted (events are kept for so long): it starts afresh.
      if (first !== undefined && BigInt(after) + 1n < BigInt(first)) entry.tail = sub.reset();
    }
    // Catch up to the pump before joining it; it may move on while we read, hence the loop.
    while (entry.last < BigInt(this.lastSeen)) {
      const until = BigInt(this.lastSeen);
      const events = numbered(await liveEventsAfter(this.db, String(entry.last), PAGE));
      if (events.length === 0) break;
      this.offer(
        entry,
        events.filter((e) => e.n <= until),
      );
      if (events.at(-1)!.n >= until) entry.last = until;
    }
    this.subscribers.add(entry);
    return Object.assign(entry, {
      close: () => {
        if (entry.timer !== undefined) clearTimeout(entry.timer);
        this.subscribers.delete(entry);
      },
    });
  }

  /**
   * Queues the events a stream may see. A result goes out at once, with whatever waits before it;
   * leaderboard events wait up to LEADERBOARD_MS, a later one of the same board replacing an
   * earlier one (it only says "refetch"), so that a thousand dashboards on one plan are not
   * written to for every deal. Ids stay in order. A stream too far behind is dropped (its client
   * reconnects and replays).
   */
  private offer(sub: Queued, events: readonly Numbered[]): void {
    let urgent = false;
    for (const { event, n } of events) {
      if (n <= sub.last) continue;
      sub.last = n;
      if (event.kind === 'result' && sub.plans !== 'all' && mayseeResult(sub, event)) sub.plans.add(event.plan);
      if (!maysee(sub, event)) continue;
      if (event.kind === 'leaderboard') {
        const earlier = sub.pending.findIndex((e) => e.kind === 'leaderboard' && e.plan === event.plan && e.period === event.period);
        if (earlier >= 0) sub.pending.splice(earlier, 1);
      } else urgent = true;
      sub.pending.push(event);
    }
    if (sub.pending.length === 0) return;
    if (urgent) this.flush(sub);
    // Spread over a second: streams on one plan would otherwise all be written to at once.
    else sub.timer ??= setTimeout(() => this.flush(sub), LEADERBOARD_MS + sub.spreadMs).unref();
  }

  private flush(sub: Queued): void {
    if (sub.timer !== undefined) clearTimeout(sub.timer);
    sub.timer = undefined;
    const batch = sub.pending.splice(0);
    if (batch.length === 0) return;
    if (sub.queued >= MAX_QUEUED) {
      this.drop(sub);
      return;
    }
    sub.queued += batch.length;
    sub.tail = sub.tail
      .then(() => sub.send(batch))
      .catch(() => this.drop(sub))
      .finally(() => {
        sub.queued -= batch.length;
      });
  }

  private drop(sub: Queued): void {
    if (sub.timer !== undefined) clearTimeout(sub.timer);
    if (this.subscribers.delete(sub)) sub.end();
  }

  /** Reads the new events and hands them to every stream; calls while it runs make it go round again. */
  pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return this.pumping;
    }
    this.pumping = (async () => {
      try {
        do {
          this.pumpAgain = false;
          if (this.closed) return;
          this.lastSeen ??= await lastLiveEventId(this.db);
          for (;;) {
            const events = numbered(await liveEventsAfter(this.db, this.lastSeen, PAGE));
            if (events.length === 0) break;
            this.lastSeen = events.at(-1)!.event.id;
            for (const sub of this.subscribers) this.offer(sub, events);
          }
        } while (this.pumpAgain);
      } catch (error) {
        this.report(error);
      } finally {
        this.pumping = undefined;
      }
    })();
    return this.pumping;
  }

  /** Open streams in this process. */
  get streams(): number {
    return this.subscribers.size;
  }

  private report(error: unknown): void {
    if (this.closed) return;
    (this.options.onError ?? ((e: unknown) => console.error(e)))(error);
  }
}

/** An event with its id as a number, converted once for every stream. */
interface Numbered {
  readonly event: LiveEvent;
  readonly n: bigint;
}

const numbered = (events: readonly LiveEvent[]): Numbered[] => events.map((event) => ({ event, n: BigInt(event.id) }));

interface Queued extends Subscriber {
  /** The last event offered to it (sent, or not its to see). */
  last: bigint;
  queued: number;
  tail: Promise<void>;
  /** Events not written yet, in id order. */
  readonly pending: LiveEvent[];
  timer: NodeJS.Timeout | undefined;
  /** Its place in the second over which leaderboard events are spread. */
  readonly spreadMs: number;
}

function mayseeResult(sub: Pick<Subscriber, 'visible'>, event: LiveEvent): boolean {
  return sub.visible === 'all' || (event.payee !== null && sub.visible.has(event.payee));
}
