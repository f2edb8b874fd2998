-- Durable audit: one row per credential issuance or admin change, written before the response.
-- Rows are append-only and never hold secret material: the access key id identifies issued
-- credentials, the secret key and session token are never stored. There are no foreign keys: the
-- audit outlives the accounts and projects it names, and a write must never fail on a reference.
create table audit_event (
    id             bigserial     primary key,
    occurred_at    timestamp(6) with time zone not null,
    actor          varchar(512)  not null,
    action         varchar(64)   not null,
    project_id     varchar(40),
    account_id     uuid,
    scope_hash     varchar(64),
    access_key_id  varchar(128),
    expiration     timestamp(6) with time zone,
    client_address varchar(256),
    request_id     varchar(256),
    detail         varchar(1000)
);

-- The query API lists newest first, optionally filtered by account, actor or action, within a time
-- range. Every issuance inserts a row on the credential hot path while reads are rare, so only the
-- time order and the account filter are indexed; actor and action filters walk the time index.
-- (Two more indexes cost a quarter of the hot path's throughput: docs/benchmarks.md.)
create index ix_audit_event_time on audit_event (occurred_at desc, id desc);
create index ix_audit_event_account on audit_event (account_id, occurred_at desc, id desc) where account_id is not null;
