import { z } from '@hono/zod-openapi';
import { PeriodText } from '../periods.js';
import { Money } from '../runs/result-schema.js';

export const TeamQuery = z.object({
  period: PeriodText.optional().openapi({ description: 'Default: the period of each plan’s kind that holds today' }),
  payee: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^\u0000]*$/, 'no NUL characters')
    .optional()
    .openapi({ description: 'Drill down: only this payee and those below them' }),
});

const Ratio = z.string().openapi({ description: 'Exact decimal, or half-even to 10 places when it repeats', example: '0.625' });

export const TeamAttainmentSchema = z
  .object({
    today: z.string(),
    periods: z.array(z.object({ period: z.string(), start: z.string(), end: z.string(), elapsed: Ratio.openapi({ description: 'Share of the period elapsed by today, today included' }) })),
    payees: z.array(
      z.object({
        payee: z.string(),
        name: z.string(),
        manager: z.string().nullable(),
        plan: z.string(),
        period: z.string(),
        currency: z.string(),
        earned: Money.openapi({ description: 'Components’ earnings so far, before clawbacks, adjustments and draw' }),
        payout: Money,
        measures: z.array(z.object({ measure: z.string(), value: z.string(), quota: z.string(), attainment: Ratio, behindPace: z.boolean() })),
        behindPace: z.boolean().openapi({ description: 'Some measure’s attainment is below the share of the period elapsed' }),
      }),
    ),
  })
  .openapi('TeamAttainment');
