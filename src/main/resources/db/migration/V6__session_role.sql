-- The role a session's credentials were issued for. A session is served only while it matches the account's
-- current role, so credentials of a role the account no longer uses are never served, even if a refresh that
-- began before a role change stored them after the change purged the account's sessions. Sessions stored
-- before this column existed have none, and count as matching: every role change before it purged them.
alter table aws_session add column role_arn varchar(2048);
