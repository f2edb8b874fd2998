-- Replicas share one STS budget: each writes its row every heartbeat interval, and takes cap / (replicas whose row
-- is recent) as its own rate. A row that stops moving belongs to a dead replica; whoever notices deletes it.
create table replica_heartbeat (
    replica_id varchar(64) primary key,
    last_seen  timestamptz not null
);
