-- Sessions end after a spell without use as well as at their absolute expiry (issue 4).
alter table sessions add column last_seen_at timestamptz not null default now();
