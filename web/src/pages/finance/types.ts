/**
 * Answer shapes of the finance endpoints, as server/src/{plans,runs,disputes}/schemas.ts declare
 * them (GET /api/openapi.json). Kept beside the finance pages, which are their only readers.
 * Money is decimal text.
 */
import type { DisputeSummary, Run } from '../../api/types';
import type { PlanValue } from './plan-model';

export interface PlanSummary {
  id: string;
  name: string;
  period: string | null;
  version: number;
  fileName: string;
  assignedPayees: number;
}

export interface PlanDetail extends PlanSummary {
  plan: PlanValue | null;
  source: string;
  versions: { version: number; fileName: string; createdAt: string; createdBy: string }[];
}

export interface PlanProblem {
  file: string;
  line: number | null;
  /** The plan field it is about: `components[0].tiers[1].rate`; null in another file. */
  path: string | null;
  message: string;
  warning: boolean;
}

export interface PlanPreview {
  plan: string;
  period: string;
  current: { source: 'run'; runId: number; runNumber: number; status: Run['status'] } | { source: 'computed' };
  payees: { payee: string; name: string; period: string; currency: string; current: string | null; edited: string | null; difference: string }[];
  totals: { currency: string; current: string; edited: string; difference: string }[];
}

export interface RunTotal {
  currency: string;
  results: number;
  payees: number;
  earned: string;
  clawbacks: string;
  adjustments: string;
  drawPaid: string;
  drawRecovered: string;
  payout: string;
}

export interface RunDetail {
  run: Run;
  totals: RunTotal[];
  unapplied: unknown[];
}

interface Change {
  from: string;
  to: string;
  change: string;
}

export interface RunDiff {
  from: Run;
  to: Run;
  inputs: { changed: boolean; files: string[] };
  payees: {
    payee: string;
    name: string | null;
    currency: string;
    payout: Change;
    why: { deals: string[]; plans: { plan: string; from: number | null; to: number | null }[]; quotas: boolean; assignments: boolean; adjustments: boolean; payee: boolean };
  }[];
  totals: ({ currency: string } & Change)[];
}

export interface RunResults {
  run: Run;
  period: string;
  results: { payee: string; plan: string; period: string; currency: string; payout: string }[];
  /** With `limit`: the `after` of the next page, null after the last. */
  next: string | null;
}

export interface QueueDispute extends DisputeSummary {
  assignedAt: string | null;
  adjustmentId: number | null;
}
