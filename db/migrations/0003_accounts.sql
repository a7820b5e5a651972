-- Accounts, sessions, API tokens, login throttling and single sign-on (issue 4).

-- A person who signs in. Reps and managers are payees: their role sees their own payee (and a
-- manager the payees below them), so they must be linked to one. Emails are stored lower-case:
-- sign-in and single sign-on match them exactly.
create table users (
  id integer generated always as identity primary key,
  email text not null unique check (email = lower(email) and length(email) <= 254 and email ~ '^[^@[:space:][:cntrl:]]+@[^@[:space:][:cntrl:]]+$'),
  name text not null default '' check (length(name) <= 200),
  role text not null check (role in ('rep', 'manager', 'finance', 'admin')),
  payee_id text collate "C" references payees (id),
  -- `scrypt$ln$r$p$salt$key` (base64); NULL: no password, single sign-on only.
  password_hash text,
  disabled boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (role not in ('rep', 'manager') or payee_id is not null)
);

-- A signed-in browser. Only the sha256 of the cookie's token is kept: a copy of this table
-- signs nobody in. Logging out deletes the row.
create table sessions (
  id integer generated always as identity primary key,
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  user_id integer not null references users (id) on delete cascade,
  via text not null check (via in ('password', 'oidc')),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  check (expires_at > created_at)
);
create index sessions_user on sessions (user_id);
create index sessions_expires on sessions (expires_at);

-- A token an integration sends as `Authorization: Bearer`. Shown once when created; only its
-- sha256 is kept, with its first characters to recognise it in a list.
create table api_tokens (
  id integer generated always as identity primary key,
  name text not null check (length(name) between 1 and 100),
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  prefix text not null,
  -- Space-separated, as OAuth writes scopes: `transactions:write payroll:read`.
  scopes text not null check (scopes ~ '^[a-z-]+:[a-z]+( [a-z-]+:[a-z]+)*$'),
  created_by text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_by text,
  revoked_at timestamptz,
  check ((revoked_at is null) = (revoked_by is null))
);

-- Failed sign-ins, counted per email and per address over a sliding window. In the database so
-- that every process serving the same data counts the same failures.
create table login_failures (
  id bigint generated always as identity primary key,
  email text not null,
  ip text not null,
  at timestamptz not null default now()
);
create index login_failures_email on login_failures (email, at);
create index login_failures_ip on login_failures (ip, at);

-- A single sign-on in flight: the state sent to the provider (hashed), with the PKCE verifier
-- and nonce that the callback needs. Used once, and only for a few minutes.
create table oidc_flows (
  state_hash text primary key check (state_hash ~ '^[0-9a-f]{64}$'),
  code_verifier text not null,
  nonce text not null,
  created_at timestamptz not null default now()
);

-- Segregation of duties: whoever created a run or last changed its inputs cannot approve it.
alter table settings add column segregation_of_duties boolean not null default true;

-- An adjustment a manager asks for: finance approves it (which adds the adjustment) or rejects
-- it with a reason. Whoever asked cannot decide.
create table adjustment_requests (
  id integer generated always as identity primary key,
  payee_id text collate "C" not null references payees (id),
  period text not null,
  plan_id text collate "C" references plans (id),
  amount numeric not null,
  reason text not null check (length(trim(reason)) > 0),
  status text not null default 'open' check (status in ('open', 'approved', 'rejected')),
  requested_by text not null,
  requested_at timestamptz not null default now(),
  decided_by text,
  decided_at timestamptz,
  decision_reason text,
  adjustment_id integer references adjustments (id),
  check ((status = 'open') = (decided_by is null) and (decided_by is null) = (decided_at is null)),
  check (status <> 'approved' or adjustment_id is not null),
  check (status <> 'rejected' or decision_reason is not null)
);
create index adjustment_requests_payee on adjustment_requests (payee_id);
