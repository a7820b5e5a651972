-- The system of record, first cut. One organisation per database.
-- Money, rates and percentages are numeric (exact, the scale kept as written); dates are date;
-- periods are text in the workspace syntax (2026-03, 2026-Q1, 2026).
-- Text that the workspace format allows to be empty is NULL when empty, so an export writes back
-- what was imported (a `where` filter compares text as written, "" included).
-- Ids compare by code point, as the workspace format says: collate "C" on every id column.

create table settings (
  singleton boolean primary key default true check (singleton),
  currency text not null default 'MYR' check (currency ~ '^[A-Z]{3}$'),
  fiscal_year_start smallint not null default 1 check (fiscal_year_start between 1 and 12),
  rounding text not null default 'half_up' check (rounding in ('half_up', 'half_even')),
  updated_at timestamptz not null default now()
);
insert into settings default values;

create table payees (
  id text collate "C" primary key check (id <> ''),
  name text not null check (name <> ''),
  email text check (email <> ''),
  team text check (team <> ''),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Effective-dated reporting lines. valid_from NULL: since always; valid_to NULL: still in force.
create table payee_managers (
  id integer generated always as identity primary key,
  payee_id text collate "C" not null references payees (id),
  manager_id text collate "C" not null references payees (id),
  valid_from date,
  valid_to date,
  check (manager_id <> payee_id),
  check (valid_to >= valid_from)
);
create unique index payee_managers_open on payee_managers (payee_id) where valid_to is null;
create index payee_managers_manager on payee_managers (manager_id);

create table plans (
  id text collate "C" primary key check (id ~ '^[a-z0-9_-]+$'),
  name text not null,
  created_at timestamptz not null default now()
);

-- A plan edit is a new version; the source is kept verbatim (comments, layout) so that an
-- export gives back the very bytes that were imported, under the same file name.
create table plan_versions (
  plan_id text collate "C" not null references plans (id),
  version integer not null check (version > 0),
  valid_from date,
  file_name text not null check (file_name ~ '^[^/\\]+\.(yaml|yml|json)$'),
  source text not null,
  created_at timestamptz not null default now(),
  created_by text not null,
  primary key (plan_id, version)
);

create table assignments (
  id integer generated always as identity primary key,
  payee_id text collate "C" not null references payees (id),
  plan_id text collate "C" not null references plans (id),
  valid_from date not null,
  valid_to date,
  check (valid_to >= valid_from),
  unique (payee_id, plan_id, valid_from)
);
create index assignments_plan on assignments (plan_id);

create table quotas (
  payee_id text collate "C" not null references payees (id),
  period text not null check (period ~ '^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$'),
  measure text not null check (measure <> ''),
  amount numeric not null check (amount > 0),
  primary key (payee_id, period, measure)
);

create table fx_rates (
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  valid_from date not null,
  rate numeric not null check (rate > 0),
  primary key (currency, valid_from)
);

-- The attribute columns transactions.csv has had, even when every cell is empty: a plan may
-- filter on a column, and a column that is not there makes the plan invalid.
create table transaction_attributes (
  name text primary key check (
    name <> '' and name not in (
      'id', 'date', 'amount', 'currency', 'owner', 'splits', 'quantity', 'margin',
      'type', 'product', 'status', 'cancel_date'
    )
  )
);

create table transactions (
  id text collate "C" primary key check (id <> ''),
  date date not null,
  amount numeric not null,
  -- NULL: the base currency.
  currency text check (currency ~ '^[A-Z]{3}$'),
  -- NULL: credited through transaction_splits.
  owner_id text collate "C" references payees (id),
  quantity numeric,
  margin numeric,
  type text,
  product text,
  -- NULL: won.
  status text check (status in ('won', 'cancelled')),
  cancel_date date,
  attributes jsonb not null default '{}' check (jsonb_typeof(attributes) = 'object'),
  external_source text,
  updated_at timestamptz not null default now(),
  check ((status is not distinct from 'cancelled') = (cancel_date is not null)),
  check (cancel_date >= date)
);
create index transactions_date on transactions (date);
create index transactions_owner on transactions (owner_id);

create table transaction_splits (
  transaction_id text collate "C" not null references transactions (id) on delete cascade,
  payee_id text collate "C" not null references payees (id),
  percent numeric not null check (percent > 0 and percent <= 100),
  -- Where the split was written in the splits cell, to write it back in the same order.
  position smallint not null check (position >= 0),
  primary key (transaction_id, payee_id)
);
create index transaction_splits_payee on transaction_splits (payee_id);

create table adjustments (
  id integer generated always as identity primary key,
  payee_id text collate "C" not null references payees (id),
  period text not null check (period ~ '^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$'),
  -- NULL: the payee's only plan in the period.
  plan_id text collate "C" references plans (id),
  amount numeric not null,
  reason text not null default '',
  kind text not null default 'manual' check (kind in ('manual', 'prior_period', 'dispute')),
  corrects_transaction text collate "C" references transactions (id),
  corrects_period text check (corrects_period ~ '^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$'),
  created_by text not null,
  created_at timestamptz not null default now()
);
create index adjustments_payee on adjustments (payee_id, period);

-- A run is the engine's output for a period, frozen. Status only moves forward.
create table runs (
  id integer generated always as identity primary key,
  period text not null check (period ~ '^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$'),
  number integer not null check (number > 0),
  status text not null default 'draft' check (status in ('draft', 'approved', 'paid')),
  -- sha256 of the engine input, to tell whether the data changed since the run.
  input_digest text not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  approved_by text,
  approved_at timestamptz,
  paid_by text,
  paid_at timestamptz,
  unique (period, number),
  check ((approved_by is null) = (approved_at is null)),
  check ((paid_by is null) = (paid_at is null)),
  check ((status = 'draft') = (approved_at is null)),
  check ((status = 'paid') = (paid_at is not null))
);

create table run_results (
  run_id integer not null references runs (id),
  payee_id text collate "C" not null references payees (id),
  plan_id text collate "C" not null references plans (id),
  period text not null check (period ~ '^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$'),
  currency text not null check (currency ~ '^[A-Z]{3}$'),
  payout numeric not null,
  -- The engine's result object as `prestasi calc` prints it.
  result jsonb not null,
  primary key (run_id, payee_id, plan_id, period)
);
create index run_results_payee on run_results (payee_id);

create table run_lines (
  id bigint generated always as identity primary key,
  run_id integer not null,
  payee_id text collate "C" not null,
  plan_id text collate "C" not null,
  period text not null,
  component text not null,
  -- No foreign key: a run stays readable whatever later imports do to the transactions.
  transaction_id text collate "C",
  amount numeric not null,
  explanation jsonb,
  foreign key (run_id, payee_id, plan_id, period) references run_results (run_id, payee_id, plan_id, period)
);
create index run_lines_result on run_lines (run_id, payee_id, plan_id, period);
create index run_lines_transaction on run_lines (transaction_id);

-- What a paid run locks: no run, adjustment or import may change a locked period.
create table locked_periods (
  period text primary key check (period ~ '^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$'),
  run_id integer not null references runs (id),
  locked_at timestamptz not null default now()
);

create table disputes (
  id integer generated always as identity primary key,
  payee_id text collate "C" not null references payees (id),
  run_id integer references runs (id),
  period text not null check (period ~ '^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$'),
  transaction_id text collate "C" references transactions (id),
  status text not null default 'open' check (status in ('open', 'accepted', 'rejected')),
  subject text not null check (subject <> ''),
  raised_by text not null,
  raised_at timestamptz not null default now(),
  resolved_by text,
  resolved_at timestamptz,
  adjustment_id integer references adjustments (id),
  check ((status = 'open') = (resolved_at is null)),
  check ((resolved_by is null) = (resolved_at is null))
);
create index disputes_payee on disputes (payee_id);

create table dispute_comments (
  id integer generated always as identity primary key,
  dispute_id integer not null references disputes (id),
  author text not null,
  body text not null check (body <> ''),
  created_at timestamptz not null default now()
);
create index dispute_comments_dispute on dispute_comments (dispute_id);

-- Append-only: each entry's hash covers the previous entry's, so an edit breaks the chain.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor text not null,
  action text not null,
  entity text not null,
  entity_id text,
  before jsonb,
  after jsonb,
  prev_hash text,
  hash text not null unique
);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end
$$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();

create table import_batches (
  id integer generated always as identity primary key,
  actor text not null,
  source text not null,
  -- sha256 over the imported files (path and bytes, in path order).
  digest text not null,
  -- Rows inserted and updated per table.
  summary jsonb not null,
  created_at timestamptz not null default now()
);

create table crm_mappings (
  id integer generated always as identity primary key,
  source text not null unique check (source <> ''),
  mapping jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
