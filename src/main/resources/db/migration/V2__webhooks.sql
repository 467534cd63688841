-- Webhook subscriptions. The signing secret is AES-256-GCM encrypted (it is shown on reads and used to sign,
-- so it cannot be hashed). A webhook whose receiver answered 410 Gone is disabled until the app re-enables it.
create table webhook (
    id              text primary key,
    project_id      text        not null references project (id) on delete cascade,
    url             text        not null,
    secret          bytea       not null,
    event_types     text[]      not null,
    status          text        not null check (status in ('enabled', 'disabled')),
    disabled_at     timestamptz,
    disabled_reason text,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    unique (project_id, url)
);
create index webhook_project_idx on webhook (project_id, created_at desc, id);

-- The outbox: one row per event and subscribed webhook, written in the transaction of the change it reports.
-- payload holds the exact request body (encrypted: account events may carry tokens); its id is the
-- webhook-id header, the same on every attempt. While status is 'delivering', next_attempt_at is the end of
-- the claim's lease: a row whose instance died mid-delivery becomes due again when it passes.
-- attempts counts every attempt; round_attempts those since the event was (re)queued, which drive the retry schedule.
create table webhook_event (
    id               text primary key,
    webhook_id       text        not null references webhook (id) on delete cascade,
    project_id       text        not null,
    event_type       text        not null,
    payload          bytea       not null,
    status           text        not null check (status in ('pending', 'delivering', 'delivered', 'failed')),
    attempts         integer     not null default 0,
    round_attempts   integer     not null default 0,
    next_attempt_at  timestamptz,
    last_attempt_at  timestamptz,
    last_status_code integer,
    last_error       text,
    delivered_at     timestamptz,
    created_at       timestamptz not null,
    updated_at       timestamptz not null
);
-- The dispatcher's claim: due rows, pending or with an expired lease, per webhook.
create index webhook_event_due_idx on webhook_event (webhook_id, next_attempt_at)
    where status in ('pending', 'delivering');
create index webhook_event_due_time_idx on webhook_event (next_attempt_at)
    where status in ('pending', 'delivering');
-- The delivery log of a webhook, newest first.
create index webhook_event_webhook_idx on webhook_event (webhook_id, created_at desc, id);
-- The retention purge.
create index webhook_event_finished_idx on webhook_event (updated_at) where status in ('delivered', 'failed');
