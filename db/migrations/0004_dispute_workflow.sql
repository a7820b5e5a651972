-- Disputes as a workflow (issue 3): a payee raises one on a statement line, it is assigned,
-- discussed in comments, and resolved by an adjustment (accepted) or a reason (rejected).

-- The plan whose result is disputed, resolved when the dispute is raised (as an adjustment's
-- plan is), so that an accepted dispute's adjustment lands on that plan.
alter table disputes add column plan_id text collate "C" references plans (id);
-- The statement line disputed: a component of the result (with transaction_id, one line of it).
alter table disputes add column component text check (component <> '');
-- Who is looking into it. Assigned before it is resolved; reassigned while it is open.
alter table disputes add column assignee text check (assignee <> '');
alter table disputes add column assigned_at timestamptz;
-- Why it was accepted or rejected, as the resolver wrote it.
alter table disputes add column resolution text check (resolution <> '');

alter table disputes add constraint disputes_assigned check ((assignee is null) = (assigned_at is null));
alter table disputes add constraint disputes_resolution check ((status = 'open') = (resolution is null));
-- An accepted dispute pays through exactly one adjustment of its own; a rejected one pays nothing.
alter table disputes add constraint disputes_adjustment check ((status = 'accepted') = (adjustment_id is not null));
create unique index disputes_adjustment_once on disputes (adjustment_id) where adjustment_id is not null;
create index disputes_status on disputes (status, id);
