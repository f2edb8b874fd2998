-- Broker-issued worker tokens. Only the SHA-256 of the token is stored; the token itself is shown once.
-- A token never leaves its project: grants for it are checked against project_id.
create table worker_token (
    id           uuid         primary key,
    project_id   varchar(40)  not null references project (id),
    name         varchar(64)  not null,
    token_hash   bytea        not null,
    created_at   timestamp(6) with time zone not null,
    expires_at   timestamp(6) with time zone,
    revoked_at   timestamp(6) with time zone,
    last_used_at timestamp(6) with time zone,
    constraint ux_worker_token_hash unique (token_hash),
    constraint ck_worker_token_hash_sha256 check (octet_length(token_hash) = 32),
    constraint ck_worker_token_expiry check (expires_at is null or expires_at > created_at)
);

-- Names are unique among a project's unrevoked tokens; revoking a token frees its name.
create unique index ux_worker_token_project_name on worker_token (project_id, name) where revoked_at is null;
create index ix_worker_token_project_created on worker_token (project_id, created_at, id);

-- Grants: which identity may receive credentials for which accounts of a project. No grant means deny.
-- The table is not called "grant" because GRANT is a reserved word in SQL and would need quoting everywhere.
-- identity is "system:serviceaccount:<namespace>:<name>" or a worker token id; account_ids null means
-- every account of the project.
create table worker_grant (
    id            uuid         primary key,
    project_id    varchar(40)  not null references project (id),
    identity_kind varchar(16)  not null,
    identity      varchar(400) not null,
    account_ids   uuid[],
    created_at    timestamp(6) with time zone not null,
    constraint ux_worker_grant_identity unique (project_id, identity_kind, identity),
    constraint ck_worker_grant_kind check (identity_kind in ('SERVICE_ACCOUNT', 'WORKER_TOKEN')),
    constraint ck_worker_grant_accounts check (account_ids is null or cardinality(account_ids) > 0)
);
create index ix_worker_grant_project_created on worker_grant (project_id, created_at, id);
