-- Portal events waiting for, or done with, their webhook delivery. A row is inserted in the transaction of the change
-- it reports, so an event exists exactly when its change committed; delivery works from here, and a receiver's outage
-- only delays it. No foreign key: an event outlives the account it names.
create table webhook_outbox (
    id              uuid          primary key,   -- the webhook-id header (msg_<id>), the same on every attempt
    event_type      varchar(64)   not null,
    account_id      uuid,
    payload         text          not null,      -- the exact body sent, so every attempt signs the same bytes
    status          varchar(16)   not null,      -- PENDING, DELIVERED or FAILED
    attempts        integer       not null,
    created_at      timestamp(6) with time zone not null,
    next_attempt_at timestamp(6) with time zone not null,
    lease_owner     varchar(64),
    finished_at     timestamp(6) with time zone,
    last_error      varchar(300),
    constraint ck_webhook_outbox_status check (status in ('PENDING', 'DELIVERED', 'FAILED')),
    constraint ck_webhook_outbox_finished check ((status = 'PENDING') = (finished_at is null))
);

-- The delivery pass's claim, and the pending gauges: only rows still to deliver.
create index ix_webhook_outbox_due on webhook_outbox (next_attempt_at) where status = 'PENDING';
-- Pruning delivered and failed rows past the retention.
create index ix_webhook_outbox_finished on webhook_outbox (finished_at) where status <> 'PENDING';
