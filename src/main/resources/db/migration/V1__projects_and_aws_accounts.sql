-- Projects are the portal's tenants; rolegate keeps only what it needs to scope accounts.
create table project (
    id           varchar(40)  primary key,
    display_name varchar(200) not null,
    created_at   timestamp(6) with time zone not null,
    updated_at   timestamp(6) with time zone not null,
    version      bigint       not null
);

-- A customer's AWS account as reached through its cross-account role.
-- Secrets are never stored in plaintext: each secret is a (key id, AES-GCM blob) column pair,
-- the layout later tables reuse for session credentials.
create table aws_account (
    id                       uuid          primary key,
    project_id               varchar(40)   not null references project (id),
    name                     varchar(64)   not null,
    aws_account_id           varchar(12),
    role_arn                 varchar(2048),
    external_id_key_id       varchar(64)   not null,
    external_id_ciphertext   bytea         not null,
    external_id_origin       varchar(16)   not null,
    region                   varchar(32)   not null,
    session_duration_seconds integer       not null,
    status                   varchar(16)   not null,
    last_verified_at         timestamp(6) with time zone,
    last_error               varchar(1000),
    created_at               timestamp(6) with time zone not null,
    updated_at               timestamp(6) with time zone not null,
    version                  bigint        not null,
    constraint ck_aws_account_duration check (session_duration_seconds between 900 and 43200),
    constraint ck_aws_account_status check (status in ('PENDING_SETUP', 'CONNECTED', 'ACCESS_DENIED', 'ERROR', 'DISCONNECTED')),
    constraint ck_aws_account_origin check (external_id_origin in ('GENERATED', 'CUSTOMER')),
    constraint ck_aws_account_id_digits check (aws_account_id ~ '^[0-9]{12}$')
);

-- Names are unique among a project's live accounts; a disconnected account frees its name.
create unique index ux_aws_account_project_name on aws_account (project_id, name) where status <> 'DISCONNECTED';
-- Serves the paged, status-filtered listing in creation order.
create index ix_aws_account_project_status_created on aws_account (project_id, status, created_at, id);
create index ix_aws_account_project_created on aws_account (project_id, created_at, id);
