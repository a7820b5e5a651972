import type { CrmMapping } from './mapping.js';

/**
 * A Salesforce Opportunities report exported as "Details Only", comma-delimited CSV. Column
 * labels are the report's (see docs/crm-imports.md for the sources): with multiple currencies
 * on, each currency field comes with its own "… Currency" column ("Amount Currency"). Dates and
 * numbers follow the exporting user's locale; the preset reads en_US (M/D/YYYY) — save a copy
 * with another `dateFormat` for other locales. The export ends with a report footer.
 */
export const SALESFORCE: CrmMapping = {
  idPrefix: 'sf',
  columns: {
    id: ['Opportunity ID', 'Opportunity ID (18)', 'Opportunity Id', 'Id'],
    date: ['Close Date'],
    amount: ['Amount'],
    currency: ['Opportunity Currency', 'Amount Currency', 'Currency'],
    owner_email: ['Owner Email', 'Opportunity Owner Email', 'Opportunity Owner: Email'],
    owner_name: ['Opportunity Owner', 'Owner Name', 'Owner Full Name'],
    type: ['Type', 'Opportunity Type'],
    product: ['Product', 'Product Name'],
    quantity: ['Quantity'],
    stage: ['Stage', 'Stage Name'],
    cancel_date: ['Cancel Date', 'Cancellation Date'],
  },
  attributes: {
    deal_name: ['Opportunity Name'],
    customer: ['Account Name'],
    probability: ['Probability (%)'],
    lead_source: ['Lead Source'],
  },
  dateFormat: 'MM/DD/YYYY',
  decimalSeparator: '.',
  stages: { won: ['Closed Won'], cancelled: ['Closed Lost'] },
  reportFooter: true,
};

/**
 * A HubSpot deals export (Deals → Export, CSV): property labels as headers, "Record ID" first.
 * Dates come as YYYY-MM-DD, date-times with a time after them. "Deal owner" holds the
 * owner's name. The default pipeline's closed stages are "Closed won" and "Closed lost"; the
 * internal values (closedwon, closedlost) are accepted too.
 */
export const HUBSPOT: CrmMapping = {
  idPrefix: 'hs',
  columns: {
    id: ['Record ID', 'Deal ID'],
    date: ['Close Date'],
    amount: ['Amount'],
    currency: ['Currency', 'Deal currency code'],
    owner_email: ['Deal owner email', 'Owner email'],
    owner_name: ['Deal owner', 'Deal Owner', 'HubSpot Owner'],
    type: ['Deal Type'],
    product: ['Product', 'Product Name'],
    stage: ['Deal Stage'],
    cancel_date: ['Cancel Date', 'Cancelled at', 'Cancellation Date'],
  },
  attributes: {
    deal_name: ['Deal Name'],
    customer: ['Associated Company', 'Associated Company (Primary)', 'Company name'],
    pipeline: ['Pipeline'],
  },
  dateFormat: 'YYYY-MM-DD',
  decimalSeparator: '.',
  stages: { won: ['Closed won', 'closedwon'], cancelled: ['Closed lost', 'closedlost'] },
};

export const PRESETS: ReadonlyMap<string, CrmMapping> = new Map([
  ['salesforce', SALESFORCE],
  ['hubspot', HUBSPOT],
]);
