import { z } from '@hono/zod-openapi';
import { isCurrencyCode } from '@prestasi/engine';

const fields = {
  currency: z.string().refine(isCurrencyCode, 'an ISO 4217 currency code').openapi({ description: 'The base currency; only before the first run', example: 'MYR' }),
  fiscalYearStart: z.number().int().min(1).max(12).openapi({ description: 'The month the fiscal year starts; only before the first run', example: 1 }),
  rounding: z.enum(['half_up', 'half_even']).openapi({ description: 'How results round to the minor unit; only while no run is paid' }),
  language: z.enum(['en', 'ms']).openapi({ description: 'The default language of the web app and statements: English or Malay' }),
};

export const SettingsSchema = z.object(fields).openapi('Settings');

export const SettingsChangeSchema = z
  .object({
    currency: fields.currency.optional(),
    fiscalYearStart: fields.fiscalYearStart.optional(),
    rounding: fields.rounding.optional(),
    language: fields.language.optional(),
  })
  .strict()
  .openapi('SettingsChange', { description: 'The settings to change; the others stay' });
