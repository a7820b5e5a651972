import { z } from '@hono/zod-openapi';
import { PeriodText } from '../periods.js';
import { Money } from '../runs/result-schema.js';
import type { PlanValue } from '@prestasi/workspace';
import type { PlanDetail, PlanInput, PlanProblem, PlanSummary } from './service.js';

export const PlanIdParam = z
  .string()
  .regex(/^[a-z0-9_-]{1,200}$/, 'a plan id is [a-z0-9_-]+')
  .openapi({ param: { name: 'id', in: 'path' }, example: 'ae' });

const PlanObject = z.record(z.string(), z.unknown()).openapi('PlanObject', {
  description:
    'A plan with the structure of plans/*.yaml (docs/spec/workspace.md): id, name, period, currency, measures, components (commission with rate or tiers, bonus steps, spiff, formula; cap), draw, clawback. ' +
    'Send decimals as strings ("0.05"): numbers are taken as JavaScript writes them, exact only up to 15 significant digits.',
  example: {
    id: 'ae',
    name: 'Account Executive',
    period: 'quarter',
    measures: { bookings: { sum: 'amount' } },
    components: [{ id: 'commission', type: 'commission', measure: 'bookings', basis: 'amount', rate: '0.05' }],
  },
});

const Source = z
  .string()
  .max(60_000)
  .regex(/^[^\u0000]*$/, 'no NUL characters')
  .openapi({ description: 'The plan file as text: YAML, or JSON for a plan kept in a .json file' });

const BaseVersion = z.number().int().positive().optional().openapi({ description: 'The version the edit started from: a save answers 409 CONFLICT when the plan has moved on since' });

/** The plan object, or the text of its file. */
export const PlanInputSchema = z
  .union([z.object({ plan: PlanObject }).strict(), z.object({ source: Source }).strict()])
  .openapi('PlanInput', { description: 'The plan object (`plan`) or the text of its file (`source`)' });

export const SavePlanSchema = z
  .union([z.object({ plan: PlanObject, baseVersion: BaseVersion }).strict(), z.object({ source: Source, baseVersion: BaseVersion }).strict()])
  .openapi('PlanSave');

export const PreviewRequestSchema = z
  .union([
    z.object({ plan: PlanObject, period: PeriodText.optional() }).strict(),
    z.object({ source: Source, period: PeriodText.optional() }).strict(),
  ])
  .openapi('PlanPreviewRequest', { description: '`period` defaults to the last full period of the plan before today that has deals' });

export const PlanProblemSchema = z
  .object({
    file: z.string().openapi({ example: 'plans/ae.yaml' }),
    line: z.number().int().nullable(),
    path: z.string().nullable().openapi({ description: 'The plan field the problem is about, e.g. `components[0].tiers[1].rate`; null for a problem in another file', example: 'components[0].rate' }),
    message: z.string().openapi({ description: 'As `prestasi check` words it' }),
    warning: z.boolean(),
  })
  .openapi('PlanProblem');

export const ValidationSchema = z.object({ ok: z.boolean(), problems: z.array(PlanProblemSchema) }).openapi('PlanValidation');

const summaryFields = {
  id: z.string(),
  name: z.string(),
  period: z.string().nullable().openapi({ description: 'month, quarter or year' }),
  version: z.number().int().openapi({ description: 'The current version' }),
  fileName: z.string().openapi({ example: 'ae.yaml' }),
  assignedPayees: z.number().int().openapi({ description: 'Payees assigned to the plan today' }),
};

export const PlanSummarySchema = z.object(summaryFields).openapi('PlanSummary');

export const PlanDetailSchema = z
  .object({
    ...summaryFields,
    plan: PlanObject.nullable(),
    source: z.string().openapi({ description: 'The plan file as stored (exported byte for byte)' }),
    versions: z.array(z.object({ version: z.number().int(), fileName: z.string(), createdAt: z.string().openapi({ format: 'date-time' }), createdBy: z.string() })),
  })
  .openapi('PlanDetail');

export const SavedPlanSchema = PlanDetailSchema.extend({ saved: z.boolean().openapi({ description: 'false when the text was the current version’s: nothing was written' }) }).openapi('SavedPlan');

export const PreviewSchema = z
  .object({
    plan: z.string(),
    period: z.string(),
    current: z
      .union([
        z.object({ source: z.literal('run'), runId: z.number().int(), runNumber: z.number().int(), status: z.string() }),
        z.object({ source: z.literal('computed') }),
      ])
      .openapi({ description: 'Where the current plan’s figures come from: the latest run of the period, or computed from today’s data' }),
    payees: z.array(
      z.object({
        payee: z.string(),
        name: z.string(),
        period: z.string(),
        currency: z.string(),
        current: Money.nullable().openapi({ description: 'Payout under the current plan; null when the payee has no result under it' }),
        edited: Money.nullable(),
        difference: Money,
        components: z.array(z.object({ id: z.string(), current: Money.nullable(), edited: Money.nullable() })),
      }),
    ),
    totals: z.array(z.object({ currency: z.string(), current: Money, edited: Money, difference: Money })),
  })
  .openapi('PlanPreview');

export function planInput(body: { plan: Record<string, unknown> } | { source: string }): PlanInput {
  // A JSON body holds JSON values only: the record is a PlanValue.
  return 'plan' in body ? { plan: body.plan as PlanValue } : { source: body.source };
}

export function summaryJson(p: PlanSummary): z.infer<typeof PlanSummarySchema> {
  return { id: p.id, name: p.name, period: p.period, version: p.version, fileName: p.fileName, assignedPayees: p.assignedPayees };
}

export function detailJson(p: PlanDetail): z.infer<typeof PlanDetailSchema> {
  return {
    ...summaryJson(p),
    plan: p.plan as Record<string, unknown> | null,
    source: p.source,
    versions: p.versions.map((v) => ({ version: v.version, fileName: v.fileName, createdAt: v.createdAt.toISOString(), createdBy: v.createdBy })),
  };
}

export const problemJson = (p: PlanProblem): z.infer<typeof PlanProblemSchema> => ({ ...p });
