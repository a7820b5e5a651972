import { z } from '@hono/zod-openapi';

const Money = z.string().openapi({ description: "Decimal text with exactly the currency's minor-unit digits", example: '25800.00' });
const Values = z.record(z.string(), z.string()).openapi({ description: 'Measure name → decimal text' });

const LineSchema = z.object({
  transaction: z.string().optional().openapi({ description: 'Absent on a bonus or formula line' }),
  amount: Money,
  explanation: z.string().optional(),
});

const ComponentSchema = z.object({
  id: z.string(),
  earned: Money,
  uncapped: Money,
  explanation: z.string().optional(),
  lines: z.array(LineSchema).optional(),
});

export const PayeeResultSchema = z
  .object({
    payee: z.string(),
    plan: z.string(),
    period: z.string(),
    currency: z.string(),
    measures: Values,
    quotas: Values,
    attainment: Values,
    components: z.array(ComponentSchema),
    clawbacks: z.array(z.object({ transaction: z.string(), component: z.string(), amount: Money, explanation: z.string().optional() })),
    adjustments: z.array(z.object({ amount: Money, reason: z.string() })),
    draw: z.object({ paid: Money, recovered: Money, balance: Money }),
    payout: Money,
  })
  .openapi('PayeeResult', { description: 'One payee on one plan in one period, exactly as `prestasi calc --explain` prints it' });

/** A result object as `prestasi calc --explain` prints it, and as a run stores it. */
export type PayeeResultObject = z.infer<typeof PayeeResultSchema>;

export const UnappliedSchema = z
  .object({ payee: z.string(), plan: z.string(), period: z.string(), transaction: z.string(), component: z.string(), amount: Money })
  .openapi('UnappliedClawback', { description: 'A clawback with no result to land in, as `prestasi calc` lists it' });

export { Money };
