-- Real time (issue 5): results kept up to date as deals change, and the events that tell the
-- open screens. See docs/design/real-time.md.

-- The fiscal years whose results are kept live. A year is added when a deal is posted into it
-- or someone asks for its live results; an import of history does not compute old years.
create table live_years (
  year text primary key check (year ~ '^[0-9]{4}$'),
  -- The problems the last calculation of the year ran into (a missing quota or rate); its
  -- results are then left as they were until the data is fixed.
  problems jsonb not null default '[]' check (jsonb_typeof(problems) = 'array'),
  computed_at timestamptz not null default now()
);

-- The current (not yet run) result of each payee on each plan for each of its periods in a kept
-- year, as a full calculation of that fiscal year gives it. No foreign keys: this is a cache of
-- what the engine says, and a workspace import replaces the rows it points at.
create table live_results (
  payee_id text collate "C" not null,
  plan_id text collate "C" not null,
  period text not null check (period ~ '^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$'),
  year text not null,
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  -- Σ components' earned, and the payout (after clawbacks, adjustments and the draw).
  earned numeric not null,
  payout numeric not null,
  -- The plan's first attainment (1.05 is 105%), exact or to 10 places; NULL without a quota.
  attainment numeric,
  -- The engine's result without lines, as `prestasi calc --summary` prints it.
  result jsonb not null,
  updated_at timestamptz not null default now(),
  primary key (payee_id, plan_id, period)
);
create index live_results_board on live_results (period, plan_id);
create index live_results_year on live_results (year);

-- What changed, in commit order, for the SSE stream: `id` is the event id clients resume from.
create table live_events (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  kind text not null check (kind in ('result', 'leaderboard')),
  -- Who may see it: a result's payee; NULL on a leaderboard event (its plan decides).
  payee_id text collate "C",
  plan_id text collate "C" not null,
  period text not null,
  data jsonb not null check (jsonb_typeof(data) = 'object')
);

-- Work for the live updater, written by triggers so that every writer (the API, imports of
-- workspaces and CRM exports, adjustments, runs) is seen. A row says: this payee's results
-- around this month may be stale. payee_id NULL: every payee (a plan, quota, rate, assignment or
-- adjustment changed); month NULL: every kept year.
create table live_dirty (
  id bigint generated always as identity primary key,
  payee_id text collate "C",
  month date
);

-- Payees credited by deals (owner or split partners) and the months of their dates and cancel
-- dates. Statement-level with transition tables: a million-row import adds one statement's work.
create function live_dirty_deals() returns trigger language plpgsql as $$
begin
  if tg_op in ('INSERT', 'UPDATE') then
    insert into live_dirty (payee_id, month)
    select distinct c.payee_id, date_trunc('month', d.day)::date
    from live_new_deals t
    cross join lateral (select t.owner_id where t.owner_id is not null
                        union all select s.payee_id from transaction_splits s where s.transaction_id = t.id) c (payee_id)
    cross join lateral (values (t.date), (t.cancel_date)) d (day)
    where d.day is not null;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    insert into live_dirty (payee_id, month)
    select distinct c.payee_id, date_trunc('month', d.day)::date
    from live_old_deals t
    cross join lateral (select t.owner_id where t.owner_id is not null
                        union all select s.payee_id from transaction_splits s where s.transaction_id = t.id) c (payee_id)
    cross join lateral (values (t.date), (t.cancel_date)) d (day)
    where d.day is not null;
  end if;
  perform pg_notify('prestasi_dirty', '');
  return null;
end
$$;
create trigger live_deals_inserted after insert on transactions
  referencing new table as live_new_deals for each statement execute function live_dirty_deals();
create trigger live_deals_updated after update on transactions
  referencing old table as live_old_deals new table as live_new_deals for each statement execute function live_dirty_deals();
create trigger live_deals_deleted after delete on transactions
  referencing old table as live_old_deals for each statement execute function live_dirty_deals();

-- Split partners added, changed or removed. A split deleted with its deal has no deal left to
-- date it: the payee's every kept year is then stale (month NULL).
create function live_dirty_splits() returns trigger language plpgsql as $$
begin
  if tg_op in ('INSERT', 'UPDATE') then
    insert into live_dirty (payee_id, month)
    select distinct s.payee_id, date_trunc('month', d.day)::date
    from live_new_splits s
    left join transactions t on t.id = s.transaction_id
    cross join lateral (values (t.date), (t.cancel_date)) d (day)
    where d.day is not null or t.id is null;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    insert into live_dirty (payee_id, month)
    select distinct s.payee_id, date_trunc('month', d.day)::date
    from live_old_splits s
    left join transactions t on t.id = s.transaction_id
    cross join lateral (values (t.date), (t.cancel_date)) d (day)
    where d.day is not null or t.id is null;
  end if;
  perform pg_notify('prestasi_dirty', '');
  return null;
end
$$;
create trigger live_splits_inserted after insert on transaction_splits
  referencing new table as live_new_splits for each statement execute function live_dirty_splits();
create trigger live_splits_updated after update on transaction_splits
  referencing old table as live_old_splits new table as live_new_splits for each statement execute function live_dirty_splits();
create trigger live_splits_deleted after delete on transaction_splits
  referencing old table as live_old_splits for each statement execute function live_dirty_splits();

-- Bumped with every change to an input other than the deals: a process may keep those inputs
-- read and parsed while the version stands (server/src/live/inputs.ts).
create table live_inputs (
  singleton boolean primary key default true check (singleton),
  version bigint not null default 0
);
insert into live_inputs default values;

-- Any other input of the engine: everything is stale (transaction_attributes aside: a column
-- name changes no result, and every deal import touches it) (rare, and a full calculation of a kept
-- year costs what a run costs).
create function live_dirty_everything() returns trigger language plpgsql as $$
begin
  insert into live_dirty (payee_id, month) values (null, null);
  update live_inputs set version = version + 1;
  perform pg_notify('prestasi_dirty', '');
  return null;
end
$$;
create trigger live_settings after update of currency, fiscal_year_start, rounding on settings
  for each statement execute function live_dirty_everything();
create trigger live_transactions_truncated after truncate on transactions
  for each statement execute function live_dirty_everything();
create trigger live_payees after insert or update or delete or truncate on payees
  for each statement execute function live_dirty_everything();
create trigger live_payee_managers after insert or update or delete or truncate on payee_managers
  for each statement execute function live_dirty_everything();
create trigger live_plan_versions after insert or update or delete or truncate on plan_versions
  for each statement execute function live_dirty_everything();
create trigger live_assignments after insert or update or delete or truncate on assignments
  for each statement execute function live_dirty_everything();
create trigger live_quotas after insert or update or delete or truncate on quotas
  for each statement execute function live_dirty_everything();
create trigger live_fx_rates after insert or update or delete or truncate on fx_rates
  for each statement execute function live_dirty_everything();
create trigger live_adjustments after insert or update or delete or truncate on adjustments
  for each statement execute function live_dirty_everything();
