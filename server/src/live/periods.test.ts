import { readLiveResults } from '@prestasi/db';
import { expect, it } from 'vitest';
import { forEachDatabase } from '../../../db/src/test-support/databases.js';
import { api } from '../test-support/api.js';
import { createApp } from '../test-support/app.js';
import { SseReader } from '../test-support/sse.js';
import { exampleHub } from '../test-support/live.js';
import { LiveHub } from './hub.js';

const Q1 = ['2026-01', '2026-02', '2026-03', '2026-Q1'];
const deal = (id: string, date: string, owner: string) => ({ id, date, amount: '25000.00', currency: 'MYR', owner, type: 'new', product: 'CORE', quantity: '1' });

forEachDatabase('live results of paid periods and of periods that cannot be computed', (use) => {
  const hub = exampleHub(use, { keep: true });

  it('never changes the results of a paid period, however the deals change; open periods follow them', async () => {
    const { db } = use();
    const http = api(createApp({ db, live: hub() }));
    const run = await http.post('/api/runs', { period: '2026-Q1' });
    expect(run.status).toBe(201);
    expect((await http.post(`/api/runs/${run.body.run.id}/approve`)).status).toBe(200);
    expect((await http.post(`/api/runs/${run.body.run.id}/pay`)).status).toBe(200);
    await hub().update();
    const paid = await readLiveResults(db, { periods: Q1 });
    expect(paid.length).toBeGreaterThan(10);
    const q2Before = await readLiveResults(db, { periods: ['2026-Q2'], payees: ['aisyah'] });

    // A late deal in the paid quarter is stored (the next open run pays it as a prior-period adjustment).
    const late = await http.post('/api/transactions', { transactions: [deal('LATE-1', '2026-02-10', 'aisyah')] });
    expect(late.status).toBe(200);
    expect(await readLiveResults(db, { periods: Q1 })).toEqual(paid);
    // Nor does a full computation of the year (an adjustment marks everything stale).
    expect((await http.post('/api/adjustments', { payee: 'weijie', period: '2026-Q2', amount: '10.00', reason: 'full' })).status).toBe(201);
    expect((await hub().update()).full).toEqual(['2026']);
    expect(await readLiveResults(db, { periods: Q1 })).toEqual(paid);

    const open = await http.post('/api/transactions', { transactions: [deal('OPEN-1', '2026-05-10', 'aisyah')] });
    expect(open.body.live.events).toBeGreaterThan(0);
    expect(await readLiveResults(db, { periods: ['2026-Q2'], payees: ['aisyah'] })).not.toEqual(q2Before);
  });

  it('keeps computing the other quarters and payees when one payee misses a quota, and says so', async () => {
    const { db } = use();
    const http = api(createApp({ db, live: hub() }));
    const q3Before = await readLiveResults(db, { periods: ['2026-Q3'], payees: ['priya'] });
    await db.deleteFrom('quotas').where('payee_id', '=', 'priya').where('period', '=', '2026-Q3').execute();
    await hub().update();
    const results = await http.get('/api/live/results?period=2026-Q3');
    expect(results.body.problems).toContainEqual({ code: 'MISSING_QUOTA', payee: 'priya', measure: 'bookings', period: '2026-Q3' });
    // Her Q3 stays as last computed, while a deal still moves her Q2 and Weijie's Q3.
    const q2 = await readLiveResults(db, { periods: ['2026-Q2'], payees: ['priya'] });
    const weijie = await readLiveResults(db, { periods: ['2026-Q3'], payees: ['weijie'] });
    await http.post('/api/transactions', {
      transactions: [deal('MQ-1', '2026-05-20', 'priya'), deal('MQ-2', '2026-08-20', 'priya'), deal('MQ-3', '2026-08-21', 'weijie')],
    });
    expect(await readLiveResults(db, { periods: ['2026-Q3'], payees: ['priya'] })).toEqual(q3Before);
    expect(await readLiveResults(db, { periods: ['2026-Q2'], payees: ['priya'] })).not.toEqual(q2);
    expect(await readLiveResults(db, { periods: ['2026-Q3'], payees: ['weijie'] })).not.toEqual(weijie);
  });

  it('keeps the last events only, and tells a client who missed deleted ones to start afresh', async () => {
    const { db } = use();
    const small = new LiveHub(db, { eventsKept: 3 });
    try {
      const http = api(createApp({ db, live: small }));
      for (const [i, day] of ['2026-04-07', '2026-04-08', '2026-04-09'].entries()) {
        expect((await http.post('/api/transactions', { transactions: [deal(`KEEP-${i}`, day, 'hafiz')] })).status).toBe(200);
      }
      expect(Number((await db.selectFrom('live_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)).toBeLessThanOrEqual(3);
      const app = createApp({ db, live: small });
      const stream = new SseReader(await app.request('/api/live', { headers: { 'last-event-id': '1' } }));
      expect((await stream.next()).event).toBe('reset');
      // And then what is still kept, in order.
      const next = await stream.next();
      expect(next.event).toMatch(/^(result|leaderboard)$/);
      await stream.close();
    } finally {
      await small.close();
    }
  });
});
