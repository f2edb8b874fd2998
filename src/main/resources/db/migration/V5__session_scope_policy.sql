-- A scoped session keeps the inline session policy and managed policy ARNs that define its scope,
-- so the scheduler can refresh it with the same narrowing. Policies are not secret.
alter table aws_session add column scope_policy text;
alter table aws_session add column scope_policy_arns text;
