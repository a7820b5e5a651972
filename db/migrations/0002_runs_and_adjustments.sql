-- Runs, approvals and adjustments: what 0001 left for the features that use them.

-- What a run was computed from, in parts small enough to keep with every run: a digest per
-- exported file, each plan's version, and a digest of each payee's quotas, assignments and
-- adjustments. Two runs compare these to say why their results differ.
alter table runs add column inputs jsonb not null default '{}' check (jsonb_typeof(inputs) = 'object');
-- Clawbacks of the period with no result to land in: the `unapplied` list of `prestasi calc`.
alter table runs add column unapplied jsonb not null default '[]' check (jsonb_typeof(unapplied) = 'array');
-- At most one paid run per period (locked_periods says the same from the other side).
create unique index runs_one_paid on runs (period) where status = 'paid';

-- Where each of a result's adjustments came from (id, kind, what it corrects), in the order of
-- the result's `adjustments`: the engine's result only says amount and reason, and the rows may
-- later be replaced (prior-period adjustments of an open period are recomputed by every run).
alter table run_results add column adjustments jsonb not null default '[]' check (jsonb_typeof(adjustments) = 'array');

-- A run line is a component's line or a clawback.
alter table run_lines add column kind text not null default 'line' check (kind in ('line', 'clawback'));

-- The line of a locked period's paid run that a prior-period adjustment corrects: its result
-- (payee, corrects_plan, corrects_period), and within it a component line, a clawback, the
-- result's adjustments or its draw. corrects_transaction is NULL for a line without a deal.
alter table adjustments add column corrects_plan text collate "C" references plans (id);
alter table adjustments add column corrects_component text;
alter table adjustments add column corrects_kind text check (corrects_kind in ('line', 'clawback', 'adjustment', 'draw'));
alter table adjustments add constraint adjustments_prior_period_corrects check (
  kind <> 'prior_period' or (corrects_plan is not null and corrects_period is not null and corrects_kind is not null)
);
create index adjustments_prior_period on adjustments (corrects_period) where kind = 'prior_period';

-- A run is frozen once written: its results and lines never change, and the run itself only
-- moves forward, draft → approved → paid, each step once.
create function run_rows_immutable() returns trigger language plpgsql as $$
begin
  raise exception '% rows are immutable', tg_table_name;
end
$$;
create trigger run_results_immutable before update or delete on run_results
  for each row execute function run_rows_immutable();
create trigger run_lines_immutable before update or delete on run_lines
  for each row execute function run_rows_immutable();
create trigger locked_periods_immutable before update or delete on locked_periods
  for each row execute function run_rows_immutable();

create function runs_forward_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'runs are never deleted';
  end if;
  if (new.id, new.period, new.number, new.input_digest, new.created_by, new.created_at, new.inputs, new.unapplied)
      is distinct from (old.id, old.period, old.number, old.input_digest, old.created_by, old.created_at, old.inputs, old.unapplied) then
    raise exception 'a run is immutable: only its status moves';
  end if;
  if old.approved_at is not null and (new.approved_by, new.approved_at) is distinct from (old.approved_by, old.approved_at) then
    raise exception 'a run is approved once';
  end if;
  if not ((old.status = 'draft' and new.status = 'approved') or (old.status = 'approved' and new.status = 'paid')) then
    raise exception 'run status moves only forward, not from % to %', old.status, new.status;
  end if;
  return new;
end
$$;
create trigger runs_forward_only before update or delete on runs
  for each row execute function runs_forward_only();
