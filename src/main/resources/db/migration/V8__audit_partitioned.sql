-- audit_event becomes a table partitioned by day (UTC), so retention drops whole partitions instead of deleting rows.
--
-- Existing rows are not copied: the old table becomes the partition audit_event_legacy, for every time before the
-- first daily partition, and retention drops it whole once all of it is past the horizon. Attaching it costs one
-- scan (its CHECK constraint) and, unless prepared ahead (README, "Audit retention"), one index build over its rows;
-- copying would cost both and write every row again.
--
-- Keys: a partitioned table's primary key must contain the partition key, hence (occurred_at, id). A btree scans
-- both ways, so the key also serves newest-first and oldest-first keyset paging on (occurred_at, id), and the old
-- separate time index goes: one index fewer on the hot path. The account index stays.
--
-- No DEFAULT partition: a row in it would make creating that day's partition fail (or scan the default partition
-- under lock). Partitions are created days ahead instead (AuditPartitionMaintenance), an alert fires when they run
-- short, and an insert with no partition fails like any audit write failure: the caller gets a 503, nothing is
-- issued unaudited.

-- Checking the old rows may take longer than the connections' 10 s statement limit; the lock limit stays.
set local statement_timeout = 0;

alter table audit_event rename to audit_event_legacy;
alter table audit_event_legacy rename constraint audit_event_pkey to audit_event_legacy_id_key;
alter index ix_audit_event_account rename to ix_audit_event_legacy_account;

create table audit_event (
    id             bigint        not null default nextval('audit_event_id_seq'),
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
    detail         varchar(1000),
    constraint audit_event_pkey primary key (occurred_at, id)
) partition by range (occurred_at);
create index ix_audit_event_account on audit_event (account_id, occurred_at desc, id desc) where account_id is not null;

-- The sequence goes on from where it was, and must outlive the legacy partition that owned it.
alter sequence audit_event_id_seq owned by audit_event.id;
alter table audit_event_legacy alter column id drop default;

-- Partition maintenance is DDL, which the application's DML-only role may not run. These functions are its narrow
-- way: they run as their owner (the migration role), touch only audit_event's partitions, and refuse to drop
-- anything younger than 30 days whatever the caller asks. Names and bounds are in UTC.

-- Creates the daily partition for p_day unless it exists. Nobody but its owner gets rights on a partition: rows are
-- reached through audit_event, so the defaults the schema grants on new tables are taken back.
create function rolegate_audit_partition_create(p_day date) returns boolean
    language plpgsql set timezone = 'UTC' set datestyle = 'ISO' as $$
declare
    -- Qualified: pg_catalog comes first in these functions' search path, and new tables would go there.
    qualified text := format('%I.%I', (select n.nspname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                                       where c.oid = 'audit_event'::regclass),
                             'audit_event_p' || to_char(p_day, 'YYYYMMDD'));
    grantee regrole;
begin
    if to_regclass(qualified) is not null then
        return false;
    end if;
    -- CREATE ... PARTITION OF would lock audit_event exclusively, stalling every insert; ATTACH takes a lock that
    -- inserts pass (SHARE UPDATE EXCLUSIVE), and validating an empty table costs nothing.
    execute format('create table %s (like audit_event including defaults)', qualified);
    execute format('alter table audit_event attach partition %s for values from (%L) to (%L)',
                   qualified, p_day::timestamptz, (p_day + 1)::timestamptz);
    execute format('revoke all on %s from public', qualified);
    for grantee in select distinct a.grantee::regrole from pg_class c, aclexplode(c.relacl) a
                   where c.oid = to_regclass(qualified) and a.grantee not in (0, c.relowner) loop
        execute format('revoke all on %s from %s', qualified, grantee);
    end loop;
    return true;
end $$;

-- Every partition of audit_event with the end of its range (null for a range without end).
create function rolegate_audit_partitions() returns table (partition_name text, range_end timestamptz)
    language sql stable set timezone = 'UTC' set datestyle = 'ISO' as $$
    select c.relname::text,
           substring(pg_get_expr(c.relpartbound, c.oid) from 'TO \(''([^'']+)''\)')::timestamptz
    from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'audit_event'::regclass
$$;

-- Ensures daily partitions from today through p_days_ahead days after it (1 to 90), and returns the end of the newest
-- daily partition. Replicas calling at once take turns on an advisory lock, so each day is created once.
create function rolegate_audit_partitions_ensure(p_days_ahead integer) returns timestamptz
    language plpgsql security definer set timezone = 'UTC' set datestyle = 'ISO' as $$
declare
    today date := current_date;
    legacy_end timestamptz;
begin
    if p_days_ahead is null or p_days_ahead < 1 or p_days_ahead > 90 then
        raise exception 'days ahead must be between 1 and 90, not %', p_days_ahead using errcode = '22023';
    end if;
    perform pg_advisory_xact_lock(hashtext('rolegate_audit_partitions'));
    select range_end into legacy_end from rolegate_audit_partitions() where partition_name = 'audit_event_legacy';
    for day in 0 .. p_days_ahead loop
        -- Days the legacy partition still covers (the day of the migration) need no partition of their own.
        if legacy_end is null or (today + day)::timestamptz >= legacy_end then
            perform rolegate_audit_partition_create(today + day);
        end if;
    end loop;
    return (select max(range_end) from rolegate_audit_partitions());
end $$;

-- Retention in two steps, each its own transaction, because dropping a table deletes its files at commit, before its
-- locks are released: dropping a partition would hold audit_event's exclusive lock, stalling every insert, for as long as
-- deleting a day of files takes. So a partition is first detached (catalog only, milliseconds) and renamed
-- audit_event_retired_*, then dropped as a table of its own, which locks nothing anyone uses.

-- Detaches the oldest partition wholly before p_cutoff and renames it audit_event_retired_<its suffix>; returns its
-- name (null when none is, or another replica holds the lock). The exclusive lock on audit_event is waited for at most
-- 50 ms, so inserts never queue behind it longer than the audit writer's own 100 ms limit. A cutoff less than 30 days
-- ago is refused: a compromised application cannot wipe the recent audit.
create function rolegate_audit_partitions_retire_oldest(p_cutoff timestamptz) returns text
    language plpgsql security definer set timezone = 'UTC' set datestyle = 'ISO' as $$
declare
    oldest text;
begin
    if p_cutoff is null or p_cutoff > now() - interval '30 days' then
        raise exception 'retention cutoff % is less than 30 days ago', p_cutoff using errcode = '22023';
    end if;
    if not pg_try_advisory_xact_lock(hashtext('rolegate_audit_partitions')) then
        return null;
    end if;
    select partition_name into oldest from rolegate_audit_partitions()
    where range_end <= p_cutoff order by range_end limit 1;
    if oldest is not null then
        perform set_config('lock_timeout', '50ms', true);
        execute format('alter table audit_event detach partition %I', oldest);
        execute format('alter table %I rename to %I', oldest, 'audit_event_retired_' || substr(oldest, length('audit_event_') + 1));
    end if;
    return oldest;
end $$;

-- Drops the tables rolegate_audit_partitions_retire_oldest detached; returns how many. A partition an operator detaches
-- by hand keeps its name and is left alone. Replicas starting together would otherwise both try the same tables: the
-- one that does not get the lock returns 0 at once, and IF EXISTS covers a table dropped meanwhile by hand.
create function rolegate_audit_partitions_drop_retired() returns integer
    language plpgsql security definer as $$
declare
    retired text;
    dropped integer := 0;
begin
    if not pg_try_advisory_xact_lock(hashtext('rolegate_audit_partitions_drop_retired')) then
        return 0;
    end if;
    for retired in select c.relname from pg_class c
                   where c.relnamespace = (select relnamespace from pg_class where oid = 'audit_event'::regclass)
                     and c.relkind = 'r' and not c.relispartition and c.relname like 'audit\_event\_retired\_%' loop
        execute format('drop table if exists %I', retired);
        dropped := dropped + 1;
    end loop;
    return dropped;
end $$;

-- Only what this migration grants may call them (functions are executable by PUBLIC by default).
revoke all on function rolegate_audit_partition_create(date) from public;
revoke all on function rolegate_audit_partitions() from public;
revoke all on function rolegate_audit_partitions_ensure(integer) from public;
revoke all on function rolegate_audit_partitions_retire_oldest(timestamptz) from public;
revoke all on function rolegate_audit_partitions_drop_retired() from public;

-- Resolve names in this schema only, never in pg_temp first (these run with their owner's rights).
do $$
declare
    fn text;
begin
    foreach fn in array array['rolegate_audit_partition_create(date)', 'rolegate_audit_partitions()',
                              'rolegate_audit_partitions_ensure(integer)', 'rolegate_audit_partitions_retire_oldest(timestamptz)',
                              'rolegate_audit_partitions_drop_retired()'] loop
        execute format('alter function %s set search_path = pg_catalog, %I, pg_temp', fn, current_schema());
    end loop;
end $$;

-- The old rows become the partition for everything before the first daily partition, tomorrow (UTC). Rows written
-- ahead of the database's clock by up to a day (a writer whose clock runs fast, near midnight) move the start one day
-- later; a row further ahead fails the migration: the legacy partition would have to reach that day, no daily
-- partition would be created before it, every new row would land in legacy, and retention would never drop it.
-- The newest row is found through the time index of V3, dropped only afterwards, not by a scan under this lock.
-- The CHECK constraint, proved by one scan, lets ATTACH skip its own. A unique index on (occurred_at, id) built
-- beforehand with CREATE INDEX CONCURRENTLY under the name audit_event_legacy_pkey is used as is (README, "Audit
-- retention").
do $$
declare
    newest timestamptz;
    first_day date;
begin
    select max(occurred_at) into newest from audit_event_legacy;
    if newest > now() + interval '1 day' then
        raise exception 'audit_event holds rows dated up to %, more than a day after the database''s clock (%); correct '
                        'or remove them (select id, occurred_at from audit_event where occurred_at > now() + interval ''1 day'') '
                        'and run the migration again', newest, now()
            using errcode = '22023';
    end if;
    first_day := greatest((now() at time zone 'UTC')::date, (newest at time zone 'UTC')::date) + 1;
    create unique index if not exists audit_event_legacy_pkey on audit_event_legacy (occurred_at, id);
    alter table audit_event_legacy drop constraint audit_event_legacy_id_key;
    alter table audit_event_legacy add constraint audit_event_legacy_pkey primary key using index audit_event_legacy_pkey;
    execute format('alter table audit_event_legacy add constraint ck_audit_event_legacy_range check (occurred_at < %L)',
                   first_day::timestamp at time zone 'UTC');
    execute format('alter table audit_event attach partition audit_event_legacy for values from (minvalue) to (%L)',
                   first_day::timestamp at time zone 'UTC');
    alter table audit_event_legacy drop constraint ck_audit_event_legacy_range;
end $$;
drop index ix_audit_event_time;

-- The application appends and reads; nobody but the owner may change or remove a row, or reach a partition directly.
-- The roles that may append (the application's, through the schema's default privileges) may run the maintenance.
do $$
declare
    grantee regrole;
begin
    for grantee in select distinct a.grantee::regrole from pg_class c, aclexplode(c.relacl) a
                   where c.oid in ('audit_event'::regclass, 'audit_event_legacy'::regclass)
                     and a.privilege_type = 'INSERT' and a.grantee <> c.relowner and a.grantee <> 0 loop
        execute format('grant execute on function rolegate_audit_partitions_ensure(integer), '
                       'rolegate_audit_partitions_retire_oldest(timestamptz), rolegate_audit_partitions_drop_retired() to %s',
                       grantee);
    end loop;
    for grantee in select distinct a.grantee::regrole from pg_class c, aclexplode(c.relacl) a
                   where c.oid = 'audit_event'::regclass and a.grantee <> c.relowner and a.grantee <> 0 loop
        execute format('revoke update, delete, truncate, references, trigger on audit_event from %s', grantee);
    end loop;
    revoke update, delete, truncate, references, trigger on audit_event from public;
    for grantee in select distinct a.grantee::regrole from pg_class c, aclexplode(c.relacl) a
                   where c.oid = 'audit_event_legacy'::regclass and a.grantee <> c.relowner and a.grantee <> 0 loop
        execute format('revoke all on audit_event_legacy from %s', grantee);
    end loop;
end $$;

-- A month ahead, not the application's 7 days: an application image older than V8, rolled back to after it ran,
-- creates no partitions, and issuances keep working for this month (README, "Audit retention").
select rolegate_audit_partitions_ensure(30);
