-- An STS session per (account, scope). The empty scope is ''; a session-policy scope is the
-- SHA-256 of its canonical policy. Credentials are sealed like the External ID (key id + AES-GCM blob).
-- A row without credentials is a placeholder whose lease marks a cold fetch in progress.
create table aws_session (
    id                uuid         primary key,
    account_id        uuid         not null references aws_account (id) on delete cascade,
    scope_hash        varchar(64)  not null,
    access_key_id     varchar(128),
    secret_key_id     varchar(64),
    secret_ciphertext bytea,
    token_key_id      varchar(64),
    token_ciphertext  bytea,
    issued_at         timestamp(6) with time zone,
    expires_at        timestamp(6) with time zone,
    refresh_at        timestamp(6) with time zone,
    stale_at          timestamp(6) with time zone,
    failure_count     integer      not null,
    next_attempt_at   timestamp(6) with time zone not null,
    last_used_at      timestamp(6) with time zone not null,
    lease_owner       varchar(64),
    lease_until       timestamp(6) with time zone,
    created_at        timestamp(6) with time zone not null,
    constraint ux_aws_session_key unique (account_id, scope_hash),
    constraint ck_aws_session_complete check (
        (access_key_id is null and secret_ciphertext is null and token_ciphertext is null and expires_at is null)
        or (access_key_id is not null and secret_key_id is not null and secret_ciphertext is not null
            and token_key_id is not null and token_ciphertext is not null
            and issued_at is not null and expires_at is not null and refresh_at is not null and stale_at is not null
            and refresh_at <= stale_at and stale_at <= expires_at))
);

-- The scheduler's only query when nothing is due: a range scan on this index.
create index ix_aws_session_due on aws_session (next_attempt_at);

-- Every status change of an account, newest last; the audit table of a later issue will subsume it.
create table account_status_event (
    id          bigserial    primary key,
    account_id  uuid         not null references aws_account (id) on delete cascade,
    from_status varchar(16),
    to_status   varchar(16)  not null,
    reason      varchar(1000),
    occurred_at timestamp(6) with time zone not null
);
create index ix_account_status_event_account on account_status_event (account_id, id);

-- Set when STS refused the configured duration as above the role's MaxSessionDuration and rolegate fell back.
alter table aws_account add column session_duration_fallback_seconds integer;
