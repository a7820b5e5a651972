import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { type Db, DomainError } from '@prestasi/db';
import { errorResponseSpec } from '../errors.js';
import type { LiveHub } from '../live/hub.js';
import { type Json, hubspotDelivery, salesforceDelivery } from './service.js';
import { checkHubspot, checkShared } from './signature.js';

export interface WebhookSecrets {
  /** The HubSpot app's client secret (PRESTASI_HUBSPOT_SECRET); without it the HubSpot webhook is 404. */
  readonly hubspot?: string | undefined;
  /** The secret shared with the Salesforce flow (PRESTASI_SALESFORCE_SECRET); without it the Salesforce webhook is 404. */
  readonly salesforce?: string | undefined;
}

const Outcome = z
  .object({
    received: z.number().int(),
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    skipped: z.number().int().openapi({ description: 'Deals in a stage that is neither won nor lost' }),
    deleted: z.number().int(),
  })
  .openapi('WebhookOutcome');

const responses = {
  200: { description: 'Applied (a delivery sent again changes nothing)', content: { 'application/json': { schema: Outcome } } },
  400: errorResponseSpec('Not JSON (INVALID_INPUT)'),
  401: errorResponseSpec('Signature missing, wrong or older than five minutes (UNAUTHENTICATED)'),
  404: errorResponseSpec('No secret configured for this CRM (NOT_FOUND)'),
  422: errorResponseSpec('A deal the CSV import would refuse, with its errors (INVALID_WORKSPACE); nothing written'),
};

const hubspotRoute = createRoute({
  method: 'post',
  path: '/api/webhooks/hubspot',
  summary: 'Deals from HubSpot (workflow webhooks with the deal\'s properties; deal.deletion events), signed with HubSpot\'s v3 signature',
  responses,
});

const salesforceRoute = createRoute({
  method: 'post',
  path: '/api/webhooks/salesforce',
  summary: 'Opportunities from a Salesforce flow or Apex callout, signed with X-Prestasi-Signature (HMAC-SHA256 of timestamp.body)',
  responses,
});

function parse(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new DomainError('INVALID_INPUT', 'the body is not JSON');
  }
}

export function webhookRoutes(app: OpenAPIHono, db: Db, hub: LiveHub, secrets: WebhookSecrets): void {
  app.openapi(hubspotRoute, async (c) => {
    if (!secrets.hubspot) throw new DomainError('NOT_FOUND', 'no HubSpot webhook here: set PRESTASI_HUBSPOT_SECRET');
    const body = await c.req.text();
    checkHubspot(secrets.hubspot, {
      method: c.req.method,
      uri: c.req.url,
      body,
      signature: c.req.header('x-hubspot-signature-v3'),
      timestamp: c.req.header('x-hubspot-request-timestamp'),
    });
    return c.json(await hubspotDelivery(db, hub, parse(body)), 200);
  });
  app.openapi(salesforceRoute, async (c) => {
    if (!secrets.salesforce) throw new DomainError('NOT_FOUND', 'no Salesforce webhook here: set PRESTASI_SALESFORCE_SECRET');
    const body = await c.req.text();
    checkShared(secrets.salesforce, { body, signature: c.req.header('x-prestasi-signature'), timestamp: c.req.header('x-prestasi-timestamp') });
    return c.json(await salesforceDelivery(db, hub, parse(body)), 200);
  });
}
