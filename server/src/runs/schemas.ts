import { z } from '@hono/zod-openapi';
import type { RunTotal } from '@prestasi/db';
import { AdjustmentSchema } from '../adjustments/schema.js';
import { PeriodText } from '../periods.js';
import { Money, PayeeResultSchema, UnappliedSchema } from './result-schema.js';
import type { RunView } from './service.js';

export const RunIdParam = (name: string) =>
  z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1)
    .openapi({ param: { name, in: 'path' }, example: 1 });

export const RunSchema = z
  .object({
    id: z.number().int(),
    period: PeriodText,
    number: z.number().int().openapi({ description: 'The run number within its period: 1, 2, …' }),
    status: z.enum(['draft', 'approved', 'paid']),
    latest: z.boolean().openapi({ description: 'No later run of the period exists; only the latest can be approved or paid' }),
    inputDigest: z.string().openapi({ description: 'sha256 of the exported workspace the run computed from' }),
    createdBy: z.string(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    approvedBy: z.string().nullable(),
    approvedAt: z.string().nullable().openapi({ format: 'date-time' }),
    paidBy: z.string().nullable(),
    paidAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('Run');

export function runJson(r: RunView): z.infer<typeof RunSchema> {
  return {
    id: r.id,
    period: r.period,
    number: r.number,
    status: r.status,
    latest: r.latest,
    inputDigest: r.inputDigest,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    approvedBy: r.approvedBy,
    approvedAt: r.approvedAt?.toISOString() ?? null,
    paidBy: r.paidBy,
    paidAt: r.paidAt?.toISOString() ?? null,
  };
}

export const RunTotalSchema = z
  .object({
    currency: z.string(),
    results: z.number().int(),
    payees: z.number().int(),
    earned: Money.openapi({ description: "Σ components' earned" }),
    clawbacks: Money,
    adjustments: Money,
    drawPaid: Money,
    drawRecovered: Money,
    payout: Money,
  })
  .openapi('RunTotal');

export const totalJson = (t: RunTotal): z.infer<typeof RunTotalSchema> => ({ ...t });

export const RunDetailSchema = z
  .object({ run: RunSchema, totals: z.array(RunTotalSchema), unapplied: z.array(UnappliedSchema) })
  .openapi('RunDetail');

const UnappliedCorrectionSchema = z
  .object({
    payee: z.string(),
    plan: z.string(),
    period: z.string().openapi({ description: 'The locked result it corrects' }),
    kind: z.enum(['line', 'clawback', 'adjustment', 'draw']),
    component: z.string().nullable(),
    transaction: z.string().nullable(),
    currency: z.string(),
    amount: Money,
    why: z.string(),
  })
  .openapi('UnappliedCorrection', { description: 'A prior-period correction with no result in the run to land in: not paid by this run' });

export const CreatedRunSchema = z
  .object({
    run: RunSchema,
    totals: z.array(RunTotalSchema),
    unapplied: z.array(UnappliedSchema),
    priorPeriod: z.object({
      recomputed: z.array(z.string()).openapi({ description: 'The locked periods computed again with the current data' }),
      changed: z.boolean().openapi({ description: "Whether the period's prior-period adjustments were replaced" }),
      adjustments: z.array(AdjustmentSchema).openapi({ description: 'The prior-period adjustments this run includes' }),
      unapplied: z.array(UnappliedCorrectionSchema),
    }),
  })
  .openapi('CreatedRun');

export const RunResultsSchema = z
  .object({
    run: RunSchema,
    period: z.string(),
    results: z.array(PayeeResultSchema),
    unapplied: z.array(UnappliedSchema),
    next: z.string().nullable().openapi({ description: 'With `limit`: the `after` of the next page; null after the last page, and without `limit`' }),
  })
  .openapi('RunResults', { description: 'The run as `prestasi calc --explain` prints its period' });

const ChangeShape = { from: Money, to: Money, change: Money };
const LineRef = { component: z.string(), transaction: z.string().nullable() };
const LineChangesSchema = z
  .object({
    added: z.array(z.object({ ...LineRef, amount: Money })),
    removed: z.array(z.object({ ...LineRef, amount: Money })),
    changed: z.array(z.object({ ...LineRef, ...ChangeShape })),
  })
  .openapi('LineChanges');
const PlanChangeSchema = z.object({ plan: z.string(), from: z.number().int().nullable(), to: z.number().int().nullable() }).openapi('PlanChange');

export const RunDiffSchema = z
  .object({
    from: RunSchema,
    to: RunSchema,
    inputs: z.object({
      changed: z.boolean(),
      files: z.array(z.string()),
      plans: z.array(PlanChangeSchema),
      quotas: z.array(z.string()),
      assignments: z.array(z.string()),
      adjustments: z.array(z.string()),
      payees: z.array(z.string()),
    }),
    payees: z.array(
      z.object({
        payee: z.string(),
        name: z.string().nullable(),
        currency: z.string(),
        payout: z.object(ChangeShape),
        results: z.array(
          z.object({
            plan: z.string(),
            period: z.string(),
            presence: z.enum(['in-both', 'added', 'removed']),
            payout: z.object(ChangeShape),
            components: z.array(z.object({ id: z.string(), ...ChangeShape })),
            lines: LineChangesSchema,
            clawbacks: LineChangesSchema,
            adjustments: z.object(ChangeShape),
            draw: z.object(ChangeShape).openapi({ description: 'draw paid − recovered' }),
          }),
        ),
        why: z.object({
          deals: z.array(z.string()),
          plans: z.array(PlanChangeSchema),
          quotas: z.boolean(),
          assignments: z.boolean(),
          adjustments: z.boolean(),
          payee: z.boolean(),
        }),
      }),
    ),
    totals: z.array(z.object({ currency: z.string(), ...ChangeShape })),
  })
  .openapi('RunDiff');
