import { z } from '@hono/zod-openapi';
import { isCurrencyCode } from '@prestasi/engine';
import { Money } from '../runs/result-schema.js';

const Cell = z.string().max(1000).regex(/^[^\u0000]*$/, 'no NUL characters');

export const EstimateRequestSchema = z
  .object({
    payee: z.string().min(1).max(200).regex(/^[^\u0000]*$/, 'no NUL characters'),
    amount: z
      .string()
      .regex(/^-?[0-9]{1,15}(\.[0-9]{1,6})?$/, 'a plain decimal: optional -, digits, optional . and digits')
      .openapi({ description: 'The deal’s amount as decimal text, in `currency`', example: '25000.00' }),
    currency: z.string().refine(isCurrencyCode, 'an ISO 4217 currency code').optional().openapi({ description: 'Default: the base currency', example: 'USD' }),
    date: z
      .string()
      .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, 'a date YYYY-MM-DD')
      .optional()
      .openapi({ description: 'When the deal closes; default today. The estimate is for the periods of the payee’s plans around it' }),
    attributes: z
      .record(z.string().max(200), Cell)
      .optional()
      .openapi({ description: 'Other columns of the deal: type, product, quantity, margin or an attribute column, as text', example: { product: 'PRO' } }),
  })
  .strict()
  .openapi('EstimateRequest');

export const EstimateSchema = z
  .object({
    payee: z.string(),
    date: z.string(),
    deal: z.string().openapi({ description: 'The id the hypothetical deal had in the computation: the lines’ explanations name it' }),
    assumed: z
      .record(z.string(), z.string())
      .openapi({ description: 'Columns left out of `attributes` that the payee’s plans filter on, given the first value each filter accepts (a deal of the kind the plans pay for)', example: { type: 'new' } }),
    results: z.array(
      z.object({
        plan: z.string(),
        period: z.string(),
        currency: z.string(),
        now: Money.openapi({ description: 'Payout for the period on today’s data' }),
        withDeal: Money.openapi({ description: 'Payout for the period with the deal' }),
        difference: Money,
        lines: z.array(z.object({ component: z.string(), amount: Money, explanation: z.string().nullable() })).openapi({ description: 'The deal’s own lines' }),
        components: z
          .array(z.object({ id: z.string(), now: Money, withDeal: Money, difference: Money, explanation: z.string().nullable() }))
          .openapi({ description: 'Components whose earnings the deal changes (crossing a tier or bonus step changes more than the deal’s own line)' }),
      }),
    ),
  })
  .openapi('Estimate');
