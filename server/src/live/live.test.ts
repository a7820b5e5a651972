import { createSession, readLiveResults } from '@prestasi/db';
import { expect, it } from 'vitest';
import { forEachDatabase } from '../../../db/src/test-support/databases.js';
import { api } from '../test-support/api.js';
import { createApp } from '../test-support/app.js';
import { SseReader } from '../test-support/sse.js';
import { exampleHub, fullYear, storedYear } from '../test-support/live.js';
import { compareDecimals } from './service.js';

/** Σ of decimal strings, exactly, with as many decimals as the longest. */
function exactSum(amounts: readonly string[]): string {
  const scale = Math.max(0, ...amounts.map((a) => a.split('.')[1]?.length ?? 0));
  const units = amounts.reduce((sum, a) => {
    const [whole, fraction = ''] = a.split('.');
    return sum + BigInt(`${whole}${fraction.padEnd(scale, '0')}`);
  }, 0n);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`}`;
}


const deal = (id: string, date: string, amount: string, owner: string, extra: Record<string, string> = {}) => ({
  id,
  date,
  amount,
  currency: 'MYR',
  owner,
  type: 'new',
  product: 'CORE',
  quantity: '1',
  ...extra,
});

forEachDatabase('live results and the event stream', (use) => {
  const hub = exampleHub(use, { keep: false });

  it('computes a fiscal year in full when a deal first lands in it, then only the payees a deal reaches, always equal to a full calculation', async () => {
    const { db } = use();
    const finance = api(createApp({ db, live: hub() }));
    const first = await finance.post('/api/transactions', { transactions: [deal('LIVE-1', '2026-02-03', '10000.00', 'aisyah')] });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ received: 1, inserted: 1, updated: 0, unchanged: 0, live: { full: ['2026'], incremental: [] } });
    expect(await storedYear(db, '2026')).toEqual(await fullYear(db, '2026'));

    const second = await finance.post('/api/transactions', { transactions: [deal('LIVE-2', '2026-05-04', '20000.00', 'aisyah')] });
    // Aisyah, and the managers above her whose plan measures the team: Mei Ling and Faizal.
    expect(second.body.live).toEqual({ full: [], incremental: ['2026'], payees: 3, events: expect.any(Number), ms: expect.any(Number) });
    expect(await storedYear(db, '2026')).toEqual(await fullYear(db, '2026'));
    const q2 = (await readLiveResults(db, { periods: ['2026-Q2'], payees: ['aisyah'] }))[0]!;
    expect(q2.result).toMatchObject({ measures: expect.any(Object) });

    // The same batch again changes nothing and tells no one.
    const again = await finance.post('/api/transactions', { transactions: [deal('LIVE-2', '2026-05-04', '20000.00', 'aisyah')] });
    expect(again.body).toMatchObject({ inserted: 0, updated: 0, unchanged: 1, live: { events: 0 } });
  });

  it('refuses rows a transactions.csv would be refused for, with its messages, and writes nothing', async () => {
    const { db } = use();
    const finance = api(createApp({ db, live: hub() }));
    const res = await finance.post('/api/transactions', {
      transactions: [deal('BAD-1', '2026-02-30', '10', 'aisyah'), deal('BAD-2', '2026-02-03', '10', 'nobody'), deal('OK-1', '2026-02-03', '10', 'aisyah')],
    });
    expect(res.status).toBe(422);
    const problems = res.body.error.details.problems as { index: number; id: string; message: string }[];
    expect(problems.map((p) => [p.index, p.id])).toEqual([
      [0, 'BAD-1'],
      [1, 'BAD-2'],
    ]);
    expect(problems[1]!.message).toMatch(/^transactions\.csv:3: .*nobody/);
    expect(await db.selectFrom('transactions').select('id').where('id', 'in', ['BAD-1', 'BAD-2', 'OK-1']).execute()).toEqual([]);
  });

  it('streams each user what they may see, and replays what a reconnecting client missed', async () => {
    const { db } = use();
    const finance = api(createApp({ db, live: hub() }));
    const repApp = createApp({ db, live: hub(), role: 'rep', payeeId: 'aisyah' });
    const managerApp = createApp({ db, live: hub(), role: 'manager', payeeId: 'suresh' });
    const open = async (app: typeof repApp, actor: string, lastEventId?: string) => {
      const res = await app.request('/api/live', { headers: { 'x-prestasi-actor': actor, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      return new SseReader(res);
    };
    const rep = await open(repApp, 'rep-aisyah');
    const manager = await open(managerApp, 'manager-suresh');
    const everyone = await open(createApp({ db, live: hub() }), 'finance-live');

    // A deal of Kok Keong's (Suresh's team), then one of Aisyah's.
    await finance.post('/api/transactions', { transactions: [deal('LIVE-K1', '2026-03-05', '5000.00', 'kokkeong')] });
    await finance.post('/api/transactions', { transactions: [deal('LIVE-A1', '2026-03-06', '7000.00', 'aisyah')] });

    const mine = await rep.next((e) => e.event === 'result' && e.data.period === '2026-Q1');
    expect(mine.data).toEqual({
      payee: 'aisyah',
      plan: 'ae',
      period: '2026-Q1',
      currency: 'MYR',
      earned: expect.stringMatching(/^\d+\.\d\d$/),
      payout: expect.stringMatching(/^-?\d+\.\d\d$/),
      attainment: expect.stringMatching(/^\d/),
    });
    const board = await rep.next((e) => e.event === 'leaderboard');
    expect(board.data).toEqual({ plan: 'ae', period: '2026-Q1' });
    // The rep saw no one else's result; the leaderboard of her plan changed for Kok Keong's deal too.
    expect(new Set(rep.events.filter((e) => e.event === 'result').map((e) => e.data.payee))).toEqual(new Set(['aisyah']));

    await manager.next((e) => e.event === 'result' && e.data.payee === 'kokkeong');
    await everyone.next((e) => e.event === 'result' && e.data.payee === 'aisyah');
    const managerSaw = new Set(manager.events.filter((e) => e.event === 'result').map((e) => e.data.payee));
    expect([...managerSaw].every((p) => ['suresh', 'kokkeong', 'hafiz', 'siewling', 'amirul'].includes(p))).toBe(true);
    const financeSaw = new Set(everyone.events.filter((e) => e.event === 'result').map((e) => e.data.payee));
    expect(financeSaw).toEqual(new Set(['kokkeong', 'suresh', 'faizal', 'aisyah', 'meiling']));

    // The rep drops after her first event and comes back: she gets exactly what she missed.
    await rep.close();
    const missed = rep.events.slice(rep.events.indexOf(mine) + 1);
    const back = await open(repApp, 'rep-aisyah', mine.id);
    await finance.post('/api/transactions', { transactions: [deal('LIVE-A2', '2026-03-07', '100.00', 'aisyah')] });
    const replayed = await back.next((e) => e.event === 'result' && BigInt(e.id!) > BigInt(rep.events.at(-1)!.id!));
    expect(back.events.slice(0, missed.length)).toEqual(missed);
    expect(replayed.data.payee).toBe('aisyah');
    const ids = back.events.map((e) => BigInt(e.id!));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
    await Promise.all([back.close(), manager.close(), everyone.close()]);
  });

  it('ends a stream after its lifetime; the reconnection is signed in again and misses nothing, and a disabled user gets no more', async () => {
    const { db } = use();
    const finance = api(createApp({ db, live: hub() }));
    const app = createApp({ db, live: hub(), role: 'rep', payeeId: 'aisyah', liveStreamSeconds: 1 });
    // Signed in once, so that the same session comes back (the test app would otherwise make a new one).
    expect((await app.request('/api/me', { headers: { 'x-prestasi-actor': 'rep-short' } })).status).toBe(200);
    const user = await db.selectFrom('users').select('id').where('email', '=', 'rep-short@test').executeTakeFirstOrThrow();
    const { token } = await createSession(db, user.id, { ttlSeconds: 3600, via: 'password' });
    const open = (lastEventId?: string) => app.request('/api/live', { headers: { cookie: `prestasi_session=${token}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) } });

    const first = new SseReader(await open());
    await finance.post('/api/transactions', { transactions: [deal('LIFE-A1', '2026-03-08', '300.00', 'aisyah')] });
    const seen = await first.next((e) => e.event === 'result' && e.data.payee === 'aisyah');
    await expect(first.next(() => false, 10_000)).rejects.toThrow('the stream ended');

    await finance.post('/api/transactions', { transactions: [deal('LIFE-A2', '2026-03-09', '400.00', 'aisyah')] });
    const again = new SseReader(await open(seen.id));
    const missed = await again.next((e) => e.event === 'result' && e.data.payee === 'aisyah');
    expect(BigInt(missed.id!)).toBeGreaterThan(BigInt(seen.id!));
    await again.close();

    await db.updateTable('users').set({ disabled: true }).where('id', '=', user.id).execute();
    expect((await open(missed.id)).status).toBe(401);
  });

  it('serves the live results and leaderboards a caller may see, amounts only of their own people', async () => {
    const { db } = use();
    const app = createApp({ db, live: hub(), role: 'rep', payeeId: 'aisyah' });
    const rep = { get: async (path: string) => { const res = await app.request(path, { headers: { 'x-prestasi-actor': 'rep-aisyah' } }); return { status: res.status, body: await res.json() as any }; } };
    const results = await rep.get('/api/live/results?period=2026-Q1');
    expect(results.status).toBe(200);
    expect(results.body.results.map((r: { payee: string }) => r.payee)).toEqual(['aisyah']);
    expect(results.body.results[0]).toMatchObject({ plan: 'ae', period: '2026-Q1', quotas: { bookings: expect.any(String) } });
    const boards = await rep.get('/api/leaderboards?period=2026-Q1');
    expect(boards.status).toBe(200);
    const ae = boards.body.boards.find((b: { plan: string }) => b.plan === 'ae');
    expect(ae.entries.length).toBeGreaterThan(1);
    for (const e of ae.entries) expect(e.earned === null).toBe(e.payee !== 'aisyah');
    expect(ae.entries[0].rank).toBe(1);
    expect(boards.body.boards.every((b: { plan: string }) => b.plan === 'ae')).toBe(true);
  });

  it('lists, with top=N, the first N of each board and the caller\'s own people, ranked as on the whole board', async () => {
    const { db } = use();
    const as = (role: 'rep' | 'manager' | 'finance', payeeId: string | null) => {
      const app = createApp({ db, live: hub(), role, payeeId });
      return async (path: string) => (await (await app.request(path, { headers: { 'x-prestasi-actor': `${role}-${payeeId ?? 'all'}-boards` } })).json()) as any;
    };
    const financeGet = as('finance', null);
    const whole = (await financeGet('/api/leaderboards?period=2026-Q1')).boards as { plan: string; period: string; size: number; entries: { payee: string }[] }[];
    expect(whole.length).toBeGreaterThan(0);
    for (const board of whole) expect(board.size).toBe(board.entries.length);
    const teamOfMeiling = new Set(['meiling', 'aisyah', 'weijie', 'priya', 'kavitha', 'jiahui']);
    for (const [get, top, own] of [
      [financeGet, 2, new Set<string>()],
      [as('rep', 'aisyah'), 1, new Set(['aisyah'])],
      [as('manager', 'meiling'), 0, teamOfMeiling],
    ] as const) {
      const cut = (await get(`/api/leaderboards?period=2026-Q1&top=${top}`)).boards as typeof whole;
      for (const board of cut) {
        const full = whole.find((b) => b.plan === board.plan && b.period === board.period)!;
        expect(board.size).toBe(full.size);
        const expected = full.entries.filter((e, i) => i < top || own.has(e.payee)).map((e) => e.payee);
        expect(board.entries.map((e) => e.payee)).toEqual(expected);
      }
    }
    expect((await financeGet('/api/leaderboards?period=2026-Q1&top=-1')).error.code).toBe('INVALID_INPUT');
  });

  it.each([
    ['finance', { role: 'finance' as const, payeeId: null }],
    ['a manager', { role: 'manager' as const, payeeId: 'meiling' }],
    ['a rep', { role: 'rep' as const, payeeId: 'aisyah' }],
  ])('adds up for %s exactly the live results they may see', async (_, who) => {
    const { db } = use();
    const app = createApp({ db, live: hub(), ...who });
    const get = async (path: string) => (await (await app.request(path, { headers: { 'x-prestasi-actor': `${who.role}-totals` } })).json()) as any;
    for (const period of ['2026-Q1', '2026-05', '2026']) {
      const { results } = (await get(`/api/live/results?period=${period}`)) as { results: { currency: string; payout: string; attainment: string | null }[] };
      const totals = await get(`/api/live/totals?period=${period}`);
      const currencies = [...new Set(results.map((r) => r.currency))].sort();
      expect(results.length).toBeGreaterThan(0);
      expect(totals).toMatchObject({
        period,
        results: results.length,
        withQuota: results.filter((r) => r.attainment !== null).length,
        atQuota: results.filter((r) => r.attainment !== null && compareDecimals(r.attainment, '1') >= 0).length,
        payouts: currencies.map((currency) => ({ currency, amount: exactSum(results.filter((r) => r.currency === currency).map((r) => r.payout)) })),
        problems: [],
      });
    }
  });

  it('follows cancellations and deletions, and changes made by other writers (an adjustment)', async () => {
    const { db } = use();
    const finance = api(createApp({ db, live: hub() }));
    await finance.post('/api/transactions', { transactions: [deal('LIVE-C1', '2026-04-02', '50000.00', 'weijie')] });
    const cancelled = await finance.post('/api/transactions', {
      transactions: [deal('LIVE-C1', '2026-04-02', '50000.00', 'weijie', { status: 'cancelled', cancel_date: '2026-07-10' })],
    });
    expect(cancelled.body).toMatchObject({ updated: 1, live: { incremental: ['2026'] } });
    expect(await storedYear(db, '2026')).toEqual(await fullYear(db, '2026'));
    const app = createApp({ db, live: hub() });
    const gone = await app.request('/api/transactions/LIVE-C1', { method: 'DELETE' });
    expect(gone.status).toBe(200);
    expect((await app.request('/api/transactions/LIVE-C1', { method: 'DELETE' })).status).toBe(404);
    expect(await storedYear(db, '2026')).toEqual(await fullYear(db, '2026'));
    // An adjustment through its own route queues "everything"; the next update computes the year in full.
    const adj = await finance.post('/api/adjustments', { payee: 'priya', period: '2026-Q2', amount: '123.45', reason: 'live test' });
    expect(adj.status).toBe(201);
    expect((await hub().update()).full).toEqual(['2026']);
    expect(await storedYear(db, '2026')).toEqual(await fullYear(db, '2026'));
  });
});
