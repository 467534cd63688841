-- Tenants, their API keys and platform app credentials.
create table project (
    id           text primary key,
    name         text        not null,
    callback_url text,
    created_at   timestamptz not null,
    updated_at   timestamptz not null
);

-- API keys are stored only as SHA-256 hashes; key_prefix is the first characters, kept for display.
create table api_key (
    id           text primary key,
    project_id   text        not null references project (id) on delete cascade,
    key_hash     text        not null unique,
    key_prefix   text        not null,
    name         text,
    created_at   timestamptz not null,
    revoked_at   timestamptz
);
create index api_key_project_idx on api_key (project_id);

-- One OAuth app per project, platform and variant; the client secret is AES-256-GCM encrypted.
create table platform_credential (
    id            text primary key,
    project_id    text        not null references project (id) on delete cascade,
    platform      text        not null,
    variant       text        not null,
    client_id     text        not null,
    client_secret bytea       not null,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    unique (project_id, platform, variant)
);

-- One row per authorization link. attempt_key_hash is the SHA-256 of the value the platform sends back
-- (OAuth state, or X's OAuth 1.0a request token); it and the encrypted secrets are cleared when purged.
create table connection_attempt (
    id                 text primary key,
    project_id         text        not null references project (id) on delete cascade,
    platform           text        not null,
    variant            text        not null,
    attempt_key_hash   text unique,
    code_verifier      bytea,
    platform_secret    bytea,
    external_id        text,
    permissions        text[]      not null,
    scopes             text[]      not null,
    redirect_uri       text        not null,
    redirect_override  boolean     not null,
    status             text        not null
        check (status in ('pending', 'processing', 'succeeded', 'failed', 'abandoned')),
    error              text,
    account_ids        text[]      not null default '{}',
    failed_account_ids text[]      not null default '{}',
    created_at         timestamptz not null,
    last_activity_at   timestamptz not null,
    completed_at       timestamptz,
    abandoned_at       timestamptz,
    secrets_purged_at  timestamptz
);
create index connection_attempt_project_idx on connection_attempt (project_id, created_at desc, id);
create index connection_attempt_pending_idx on connection_attempt (last_activity_at) where status = 'pending';
create index connection_attempt_processing_idx on connection_attempt (last_activity_at) where status = 'processing';
create index connection_attempt_unpurged_idx on connection_attempt (created_at) where secrets_purged_at is null;

-- One row per (project, platform, platform user id): a reconnect updates the row and keeps its spc_ id.
-- Tokens and app passwords are AES-256-GCM encrypted.
create table social_account (
    id                       text primary key,
    project_id               text        not null references project (id) on delete cascade,
    platform                 text        not null,
    user_id                  text        not null,
    username                 text,
    profile_photo_url        text,
    external_id              text,
    access_token             bytea,
    refresh_token            bytea,
    app_password             bytea,
    access_token_expires_at  timestamptz,
    refresh_token_expires_at timestamptz,
    metadata                 jsonb,
    status                   text        not null check (status in ('connected', 'disconnected')),
    created_at               timestamptz not null,
    updated_at               timestamptz not null,
    unique (project_id, platform, user_id)
);
create index social_account_project_idx on social_account (project_id, created_at desc, id);
