import { type CrmMapping, csvLine, type Db, importCrmDeals, PRESETS } from '@prestasi/db';
import type { LiveHub } from '../live/hub.js';
import { deleteTransaction, yearsOf } from '../transactions/service.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Fields = Record<string, string>;

/**
 * The presets of the CSV imports, reading the API names too: a HubSpot workflow sends internal
 * property names (`closedate`), a Salesforce flow field API names (`CloseDate`, `Owner.Email`),
 * and both send dates as YYYY-MM-DD (date-times are read up to the day).
 */
const withNames = (preset: CrmMapping, names: Readonly<Record<string, readonly string[]>>, attributes: Readonly<Record<string, readonly string[]>>): CrmMapping => ({
  ...preset,
  columns: Object.fromEntries(
    [...new Set([...Object.keys(preset.columns), ...Object.keys(names)])].map((f) => [f, [...(names[f] ?? []), ...listOf(preset.columns[f as keyof CrmMapping['columns']])]]),
  ),
  attributes: Object.fromEntries(Object.entries(preset.attributes ?? {}).map(([a, n]) => [a, [...(attributes[a] ?? []), ...listOf(n)]])),
  dateFormat: 'YYYY-MM-DD',
  reportFooter: false,
});

function listOf(names: string | readonly string[] | undefined): string[] {
  return names === undefined ? [] : typeof names === 'string' ? [names] : [...names];
}

export const HUBSPOT_WEBHOOK = withNames(
  PRESETS.get('hubspot')!,
  {
    id: ['hs_object_id'],
    date: ['closedate'],
    amount: ['amount'],
    currency: ['deal_currency_code'],
    owner_email: ['owner_email', 'hubspot_owner_email'],
    owner_name: ['owner_name'],
    type: ['dealtype'],
    product: ['product'],
    stage: ['dealstage'],
    cancel_date: ['cancel_date'],
  },
  { deal_name: ['dealname'], pipeline: ['pipeline'] },
);

export const SALESFORCE_WEBHOOK = withNames(
  PRESETS.get('salesforce')!,
  {
    id: ['Id'],
    date: ['CloseDate'],
    amount: ['Amount'],
    currency: ['CurrencyIsoCode'],
    owner_email: ['Owner.Email'],
    owner_name: ['Owner.Name'],
    type: ['Type'],
    quantity: ['TotalOpportunityQuantity'],
    stage: ['StageName'],
    cancel_date: ['Cancel_Date__c'],
  },
  { deal_name: ['Name'], customer: ['Account.Name'], lead_source: ['LeadSource'] },
);

export interface WebhookOutcome {
  readonly received: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly skipped: number;
  readonly deleted: number;
}

/** Flattens a record's nested objects with dots (`Owner.Email`); the sObject's `attributes` are metadata. */
function flatten(value: Json, prefix = '', out: Fields = {}): Fields {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    if (prefix !== '' && value !== null) out[prefix] = typeof value === 'string' ? value : JSON.stringify(value);
    return out;
  }
  for (const [k, v] of Object.entries(value)) {
    if (k === 'attributes' && prefix === '') continue;
    flatten(v, prefix === '' ? k : `${prefix}.${k}`, out);
  }
  return out;
}

/** Records as a CSV the mapping reads: one column per field name any record has. */
function csvOf(records: readonly Fields[]): Uint8Array {
  const names = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return new TextEncoder().encode(csvLine(names) + records.map((r) => csvLine(names.map((n) => r[n]))).join(''));
}

/**
 * Upserts the deals of a delivery through the CSV import (same mapping code, same checks, same
 * ids: a deal imported from an export and then changed in the CRM is one transaction), deletes
 * the deals of deletion events, and brings the live results up to date. A delivery sent again
 * changes nothing.
 */
async function deliver(db: Db, hub: LiveHub, source: 'hubspot' | 'salesforce', mapping: CrmMapping, records: readonly Fields[], deletions: readonly string[]): Promise<WebhookOutcome> {
  let report = { inserted: 0, updated: 0, unchanged: 0, skipped: 0 };
  let keep: string[] = [];
  if (records.length > 0) {
    const imported = await importCrmDeals(db, csvOf(records), { source, mapping, dryRun: false, actor: `webhook:${source}` });
    report = imported;
    // As for a posted deal: the fiscal years the deals land in are kept live from now on.
    const ids = [...imported.changes.inserted, ...imported.changes.updated].map((c) => c.id);
    if (ids.length > 0) {
      const dates = await db.selectFrom('transactions').select(['date', 'cancel_date']).where('id', 'in', ids).execute();
      keep = await yearsOf(
        db,
        dates.map((d) => ({ date: d.date, cancel_date: d.cancel_date ?? undefined })),
      );
    }
  }
  let deleted = 0;
  for (const id of deletions) {
    try {
      await deleteTransaction(db, hub, `${mapping.idPrefix}:${id}`, `webhook:${source}`);
      deleted++;
    } catch (e) {
      // A deletion delivered twice finds nothing the second time.
      if (!(e instanceof Error && 'code' in e && e.code === 'NOT_FOUND')) throw e;
    }
  }
  await hub.update({ keep });
  return { received: records.length + deletions.length, inserted: report.inserted, updated: report.updated, unchanged: report.unchanged, skipped: report.skipped, deleted };
}

/**
 * A HubSpot delivery: deals as CRM objects (`{id, properties}`, what a workflow's webhook action
 * or the CRM API sends; one or a list), and webhook events, of which `deal.deletion` deletes the
 * deal. Other events carry no deal to read and are skipped.
 */
export function hubspotDelivery(db: Db, hub: LiveHub, body: Json): Promise<WebhookOutcome> {
  const records: Fields[] = [];
  const deletions: string[] = [];
  for (const item of Array.isArray(body) ? body : [body]) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
    const id = item['objectId'] ?? item['id'] ?? null;
    if (item['subscriptionType'] === 'deal.deletion' && id !== null) deletions.push(String(id));
    else if (item['properties'] !== undefined && typeof item['properties'] === 'object') {
      const fields = flatten(item['properties']);
      if (id !== null) fields['Record ID'] = String(id);
      records.push(fields);
    }
  }
  return deliver(db, hub, 'hubspot', HUBSPOT_WEBHOOK, records, deletions);
}

/** A Salesforce delivery: Opportunity records (field API names), one, a list, or `{records: [...]}`. */
export function salesforceDelivery(db: Db, hub: LiveHub, body: Json): Promise<WebhookOutcome> {
  const list = Array.isArray(body) ? body : body !== null && typeof body === 'object' && Array.isArray(body['records']) ? body['records'] : [body];
  const records = list.filter((r) => r !== null && typeof r === 'object' && !Array.isArray(r)).map((r) => flatten(r));
  return deliver(db, hub, 'salesforce', SALESFORCE_WEBHOOK, records, []);
}

export type { Json };
