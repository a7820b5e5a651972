/**
 * The demo company's three plans, as the YAML a comp team would write. Only the dates of the
 * product-launch SPIFF depend on the year of deals, so it always falls inside it.
 */

export interface PlanDates {
  /** First and last day (YYYY-MM-DD) of the PRO launch SPIFF. */
  readonly launchFrom: string;
  readonly launchTo: string;
}

export function aePlan(dates: PlanDates): string {
  return `# Account Executives: paid each quarter on new and upsell bookings against a quarterly quota.
id: ae
name: Account Executive
period: quarter
currency: MYR

measures:
  # Renewals are looked after by Customer Success: they pay the managers, not the AEs.
  bookings: { sum: amount, where: { type: [new, upsell] } }

components:
  # Each slice of bookings earns the rate of the attainment band it falls in; at most RM 60,000 a quarter.
  - id: commission
    type: commission
    measure: bookings
    basis: attainment
    method: graduated
    cap: 60000
    tiers:
      - { to: 0.5, rate: 0.02 }
      - { to: 1.0, rate: 0.05 }
      - { to: 1.5, rate: 0.08 }
      - { rate: 0.10 }

  # Quarterly target bonus: only the highest step reached pays.
  - id: target-bonus
    type: bonus
    measure: bookings
    basis: attainment
    steps:
      - { at: 1.0, amount: 3000 }
      - { at: 1.25, amount: 6000 }

  # PRO launch: RM 50 for every PRO seat sold in the two launch months.
  - id: pro-launch
    type: spiff
    where: { product: PRO, type: [new, upsell] }
    per: unit
    amount: 50
    from: ${dates.launchFrom}
    to: ${dates.launchTo}

# A deal cancelled within 90 days of its close date is clawed back in the quarter it is cancelled.
clawback: { window_days: 90 }
`;
}

export const MANAGER_PLAN = `# Team leads, regional managers and the head of sales: paid each quarter on what everyone
# below them books. \`scope: team\` takes the credits of the payee and of their whole reporting tree.
id: manager
name: Sales Manager
period: quarter
currency: MYR

measures:
  team_bookings: { sum: amount, scope: team, where: { type: [new, upsell] } }
  team_renewals: { sum: amount, scope: team, where: { type: renewal } }

components:
  # Override on team new business: 0.5% up to the team quota, 1% above it. The quota is a
  # fiscal-year figure; each quarter uses a quarter of it.
  - id: team-override
    type: commission
    measure: team_bookings
    basis: attainment
    method: graduated
    tiers:
      - { to: 1.0, rate: 0.005 }
      - { rate: 0.01 }

  # A flat 0.2% on the renewals the team closes.
  - id: renewals
    type: commission
    measure: team_renewals
    rate: 0.002

# A guaranteed minimum of RM 4,500 a quarter, never recovered.
draw: { amount: 4500, recoverable: false }

clawback: { window_days: 90 }
`;

export const SDR_PLAN = `# Sales Development Representatives: paid each month on the qualified meetings they book.
id: sdr
name: Sales Development Representative
period: month
currency: MYR

measures:
  meetings: { count: true, where: { type: meeting } }

components:
  # A count-based bonus: the highest step reached pays (basis: amount, so no quota is needed).
  - id: meetings-bonus
    type: bonus
    measure: meetings
    basis: amount
    steps:
      - { at: 8, amount: 600 }
      - { at: 12, amount: 1200 }
      - { at: 16, amount: 2000 }

  # RM 40 for every meeting sourced by outbound prospecting.
  - id: outbound-spiff
    type: spiff
    where: { type: meeting, source: outbound }
    per: deal
    amount: 40

# RM 1,000 a month guaranteed while ramping; recovered from later months that earn more.
draw: { amount: 1000, recoverable: true }
`;
