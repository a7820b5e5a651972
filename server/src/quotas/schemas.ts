import { z } from '@hono/zod-openapi';
import { PeriodText } from '../periods.js';

const Text = z.string().min(1).max(200).regex(/^[^\u0000]*$/, 'no NUL characters');

export const QuotaQuery = z.object({
  period: PeriodText.optional(),
  plan: Text.optional().openapi({ description: 'Quotas of measures of this plan, of payees on it in the period; with `period`, also the empty cells to fill' }),
  payee: Text.optional(),
});

export const QuotaGridSchema = z
  .object({
    quotas: z.array(
      z.object({
        payee: z.string(),
        name: z.string(),
        period: z.string(),
        measure: z.string(),
        amount: z.string().nullable().openapi({ description: 'Decimal text as stored; null for a cell with no quota yet' }),
        plans: z.array(z.string()).openapi({ description: 'The payee’s plans in the period that have the measure' }),
      }),
    ),
  })
  .openapi('QuotaGrid');

export const QuotaCellsSchema = z
  .object({
    cells: z
      .array(
        z
          .object({
            payee: Text,
            period: PeriodText,
            measure: Text,
            amount: z.string().max(40).regex(/^[^\u0000]*$/, 'no NUL characters').nullable().openapi({ description: 'Decimal text; null removes the quota', example: '150000.00' }),
          })
          .strict(),
      )
      .min(1)
      .max(5000),
  })
  .strict()
  .openapi('QuotaCells');

export const QuotaUploadQuery = z.object({
  dryRun: z.enum(['0', '1', 'true', 'false']).optional().openapi({ description: '1: report what would change and every error, write nothing' }),
});

const Change = z.object({
  payee: z.string(),
  period: z.string(),
  measure: z.string(),
  line: z.number().int().optional().openapi({ description: 'The line of quotas.csv, for an upload' }),
  before: z.string().nullable(),
  after: z.string().nullable(),
});

export const QuotaErrorSchema = z
  .object({
    line: z.number().int().nullable().openapi({ description: 'The line of quotas.csv (uploads)' }),
    cell: z.number().int().optional().openapi({ description: 'The index of the batch cell (grid saves)' }),
    column: z.enum(['payee', 'period', 'measure', 'amount']).nullable(),
    value: z.string().nullable(),
    message: z.string().openapi({ description: 'As `prestasi check` words it' }),
  })
  .openapi('QuotaError');

export const QuotaReportSchema = z
  .object({
    dryRun: z.boolean(),
    rows: z.number().int(),
    inserted: z.number().int(),
    updated: z.number().int(),
    removed: z.number().int(),
    unchanged: z.number().int(),
    changes: z.array(Change),
    errors: z.array(QuotaErrorSchema),
  })
  .openapi('QuotaReport');
