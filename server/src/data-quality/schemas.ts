import { z } from '@hono/zod-openapi';

const findings = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      total: z.number().int().openapi({ description: 'How many findings there are' }),
      rule: z.string().openapi({ description: 'What was looked for, in words' }),
      items: z.array(item).openapi({ description: 'The first `limit` findings' }),
    })
    .openapi(name);

const why = z.string().openapi({ description: 'The finding in words, with what to do' });

const Duplicate = z
  .object({
    credited: z.string().openapi({ description: 'The payee credited, or the splits `payee:percent;…`' }),
    date: z.string(),
    amount: z.string(),
    currency: z.string(),
    customer: z.string().nullable(),
    dealName: z.string().nullable(),
    transactions: z.array(z.string()),
    sources: z.array(z.string().nullable()),
    why,
  })
  .openapi('LikelyDuplicate');

const Unassigned = z
  .object({
    transaction: z.string(),
    date: z.string(),
    amount: z.string(),
    currency: z.string(),
    payee: z.string().nullable().openapi({ description: 'null: the transaction credits nobody' }),
    payeeName: z.string().nullable(),
    assignments: z.array(z.string()).openapi({ description: 'The payee’s assignments, `plan from..to`' }),
    why,
  })
  .openapi('UnassignedCredit');

const Outlier = z
  .object({
    transaction: z.string(),
    payee: z.string(),
    date: z.string(),
    amount: z.string(),
    currency: z.string(),
    median: z.string(),
    mad: z.string(),
    deviations: z.string().openapi({ description: '|amount − median| ÷ MAD' }),
    deals: z.number().int(),
    why,
  })
  .openapi('AmountOutlier');

const Locked = z
  .object({
    transaction: z.string(),
    date: z.string(),
    amount: z.string(),
    currency: z.string().nullable(),
    owner: z.string().nullable(),
    period: z.string(),
    lockedAt: z.string(),
    changedAt: z.string(),
    source: z.string().nullable(),
    why,
  })
  .openapi('DealInLockedPeriod');

const MissingQuota = z
  .object({ payee: z.string(), plan: z.string(), period: z.string(), measure: z.string(), components: z.array(z.string()), why })
  .openapi('MissingQuota');

export const DataQualitySchema = z
  .object({
    generatedAt: z.string(),
    duplicates: findings(Duplicate, 'LikelyDuplicates'),
    unassignedOwners: findings(Unassigned, 'UnassignedCredits'),
    outliers: findings(Outlier, 'AmountOutliers'),
    lockedPeriods: findings(Locked, 'DealsInLockedPeriods'),
    missingQuotas: findings(MissingQuota, 'MissingQuotas').extend({
      problems: z.array(z.string()).openapi({ description: 'Why plans could not be read, when they could not (then no quota is checked)' }),
    }),
  })
  .openapi('DataQualityReport');
