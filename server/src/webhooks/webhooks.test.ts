import { createHmac } from 'node:crypto';
import { readLiveResults } from '@prestasi/db';
import { expect, it } from 'vitest';
import { forEachDatabase } from '../../../db/src/test-support/databases.js';
import { createApp } from '../app.js';
import { sharedSignature } from './signature.js';
import { exampleHub } from '../test-support/live.js';

const SECRETS = { hubspot: 'hs-secret', salesforce: 'sf-secret' };
const HUBSPOT_URL = 'http://localhost/api/webhooks/hubspot';

function hubspot(body: unknown, options: { secret?: string; at?: number } = {}): RequestInit {
  const text = JSON.stringify(body);
  const timestamp = String(options.at ?? Date.now());
  const signature = createHmac('sha256', options.secret ?? SECRETS.hubspot).update(`POST${HUBSPOT_URL}${text}${timestamp}`).digest('base64');
  return { method: 'POST', headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp }, body: text };
}

function salesforce(body: unknown, options: { secret?: string; at?: number } = {}): RequestInit {
  const text = JSON.stringify(body);
  const timestamp = String(options.at ?? Date.now());
  const signature = `sha256=${sharedSignature(options.secret ?? SECRETS.salesforce, timestamp, text)}`;
  return { method: 'POST', headers: { 'content-type': 'application/json', 'x-prestasi-signature': signature, 'x-prestasi-timestamp': timestamp }, body: text };
}

const hubspotDeal = {
  objectId: 9001,
  properties: { dealname: 'Klang Valley rollout', amount: '12000', closedate: '2026-03-10T03:00:00.000Z', dealstage: 'closedwon', owner_email: 'aisyah.hassan@contoh.com.my', dealtype: 'new', product: 'CORE' },
};
const opportunity = {
  attributes: { type: 'Opportunity', url: '/services/data/v61.0/sobjects/Opportunity/006A1' },
  Id: '006A1',
  Name: 'Penang fleet',
  CloseDate: '2026-03-12',
  Amount: 8000,
  StageName: 'Closed Won',
  Type: 'new',
  Owner: { Email: 'kokkeong.ong@contoh.com.my' },
};

forEachDatabase('CRM webhooks', (use) => {
  const hub = exampleHub(use, { keep: true });

  it('takes signed HubSpot deliveries through the CRM mapping, once, and updates the live results', async () => {
    const { db } = use();
    const app = createApp({ db, live: hub(), webhooks: SECRETS });
    const before = (await readLiveResults(db, { periods: ['2026-Q1'], payees: ['aisyah'] }))[0]!;
    const first = await app.request('/api/webhooks/hubspot', hubspot(hubspotDeal));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: 1, inserted: 1, updated: 0, unchanged: 0, skipped: 0, deleted: 0 });
    const deal = await db.selectFrom('transactions').select(['id', 'date', 'amount', 'owner_id', 'external_source']).where('id', '=', 'hs:9001').executeTakeFirstOrThrow();
    expect(deal).toEqual({ id: 'hs:9001', date: '2026-03-10', amount: '12000', owner_id: 'aisyah', external_source: 'hubspot' });
    const after = (await readLiveResults(db, { periods: ['2026-Q1'], payees: ['aisyah'] }))[0]!;
    expect(after.result).not.toEqual(before.result);
    // HubSpot retries: the same delivery again changes nothing.
    expect(await (await app.request('/api/webhooks/hubspot', hubspot(hubspotDeal))).json()).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    const deletion = [{ objectId: 9001, subscriptionType: 'deal.deletion', eventId: 1, occurredAt: Date.now() }];
    expect(await (await app.request('/api/webhooks/hubspot', hubspot(deletion))).json()).toMatchObject({ deleted: 1 });
    expect(await (await app.request('/api/webhooks/hubspot', hubspot(deletion))).json()).toMatchObject({ deleted: 0 });
    expect((await readLiveResults(db, { periods: ['2026-Q1'], payees: ['aisyah'] }))[0]!.result).toEqual(before.result);
  });

  it('takes signed Salesforce opportunities', async () => {
    const { db } = use();
    const app = createApp({ db, live: hub(), webhooks: SECRETS });
    const res = await app.request('/api/webhooks/salesforce', salesforce({ records: [opportunity] }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: 1, inserted: 1 });
    expect(await db.selectFrom('transactions').select(['owner_id', 'amount']).where('id', '=', 'sf:006A1').executeTakeFirst()).toEqual({ owner_id: 'kokkeong', amount: '8000' });
    const lost = await app.request('/api/webhooks/salesforce', salesforce({ ...opportunity, StageName: 'Closed Lost', Cancel_Date__c: '2026-04-02' }));
    expect(await lost.json()).toMatchObject({ updated: 1 });
    // A deal in a year not kept live yet makes it kept, as a posted deal does.
    await app.request('/api/webhooks/salesforce', salesforce([{ ...opportunity, Id: '006C3', CloseDate: '2027-01-15' }]));
    expect((await db.selectFrom('live_years').select('year').orderBy('year').execute()).map((y) => y.year)).toEqual(['2026', '2027']);
  });

  it.each([
    ['HubSpot, wrong secret', '/api/webhooks/hubspot', () => hubspot(hubspotDeal, { secret: 'guess' }), 401],
    ['HubSpot, six minutes old', '/api/webhooks/hubspot', () => hubspot(hubspotDeal, { at: Date.now() - 6 * 60_000 }), 401],
    ['HubSpot, unsigned', '/api/webhooks/hubspot', () => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hubspotDeal) }), 401],
    ['Salesforce, wrong secret', '/api/webhooks/salesforce', () => salesforce(opportunity, { secret: 'guess' }), 401],
    ['Salesforce, body changed after signing', '/api/webhooks/salesforce', () => ({ ...salesforce(opportunity), body: JSON.stringify({ ...opportunity, Amount: 1 }) }), 401],
    ['Salesforce, row the import refuses', '/api/webhooks/salesforce', () => salesforce({ ...opportunity, Id: '006B2', Owner: { Email: 'nobody@example.com' } }), 422],
  ])('refuses %s (%s)', async (_, path, init, status) => {
    const { db } = use();
    const app = createApp({ db, live: hub(), webhooks: SECRETS });
    const res = await app.request(path, init());
    expect(res.status).toBe(status);
    expect(await db.selectFrom('transactions').select('id').where('id', '=', 'sf:006B2').execute()).toEqual([]);
  });

  it('has no webhook for a CRM without a secret', async () => {
    const app = createApp({ db: use().db, live: hub() });
    expect((await app.request('/api/webhooks/hubspot', hubspot(hubspotDeal))).status).toBe(404);
    expect((await app.request('/api/webhooks/salesforce', salesforce(opportunity))).status).toBe(404);
  });
});
