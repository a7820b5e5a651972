import { z } from '@hono/zod-openapi';
import type { AdjustmentRecord } from '@prestasi/db';

export const AdjustmentSchema = z
  .object({
    id: z.number().int(),
    payee: z.string(),
    period: z.string(),
    plan: z.string().nullable().openapi({ description: "null: the payee's only plan in the period" }),
    amount: z.string().openapi({ description: 'Decimal text, as written', example: '1500.00' }),
    reason: z.string(),
    kind: z.enum(['manual', 'prior_period', 'dispute']),
    correctsTransaction: z.string().nullable().openapi({ description: 'Prior-period: the deal whose line it corrects' }),
    correctsPeriod: z.string().nullable().openapi({ description: 'Prior-period: the locked period (of the plan) it corrects' }),
    correctsPlan: z.string().nullable(),
    correctsComponent: z.string().nullable(),
    correctsKind: z.enum(['line', 'clawback', 'adjustment', 'draw']).nullable().openapi({ description: 'Prior-period: what of the locked result it corrects' }),
    createdBy: z.string(),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Adjustment');

export function adjustmentJson(a: AdjustmentRecord): z.infer<typeof AdjustmentSchema> {
  return { ...a, createdAt: a.createdAt.toISOString() };
}
