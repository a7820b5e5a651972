import type { Db } from '../schema.js';
import { DUPLICATE_RULE, type LikelyDuplicate, likelyDuplicates } from './duplicates.js';
import { type DealInLockedPeriod, dealsInLockedPeriods, LOCKED_RULE } from './locked.js';
import { type AmountOutlier, amountOutliers, OUTLIER_RULE } from './outliers.js';
import { type MissingQuota, missingQuotas, QUOTA_RULE } from './quotas.js';
import { UNASSIGNED_RULE, type UnassignedCredit, unassignedCredits } from './unassigned.js';

export interface Findings<T> {
  /** How many there are; `items` holds at most the report's limit. */
  readonly total: number;
  /** The rule, in words: what was looked for and why it matters. */
  readonly rule: string;
  readonly items: readonly T[];
}

export interface DataQualityReport {
  readonly generatedAt: string;
  readonly duplicates: Findings<LikelyDuplicate>;
  readonly unassignedOwners: Findings<UnassignedCredit>;
  readonly outliers: Findings<AmountOutlier>;
  readonly lockedPeriods: Findings<DealInLockedPeriod>;
  readonly missingQuotas: Findings<MissingQuota> & { readonly problems: readonly string[] };
}

export const DEFAULT_FINDINGS_LIMIT = 100;

/**
 * What in the data will make commissions wrong or a run fail, each finding with the ids and
 * values to act on. Read-only; run it before a calculation run, or after a CRM import.
 */
export async function dataQualityReport(db: Db, options: { readonly limit?: number } = {}): Promise<DataQualityReport> {
  const limit = options.limit ?? DEFAULT_FINDINGS_LIMIT;
  // One after the other: PGlite is a single session, and these are read-only scans anyway.
  const duplicates = await likelyDuplicates(db, limit);
  const unassigned = await unassignedCredits(db, limit);
  const outliers = await amountOutliers(db, limit);
  const locked = await dealsInLockedPeriods(db, limit);
  const quotas = await missingQuotas(db, limit);
  return {
    generatedAt: new Date().toISOString(),
    duplicates: { ...duplicates, rule: DUPLICATE_RULE },
    unassignedOwners: { ...unassigned, rule: UNASSIGNED_RULE },
    outliers: { ...outliers, rule: OUTLIER_RULE },
    lockedPeriods: { ...locked, rule: LOCKED_RULE },
    missingQuotas: { ...quotas, rule: QUOTA_RULE },
  };
}
