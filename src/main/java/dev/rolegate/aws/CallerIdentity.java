package dev.rolegate.aws;

/** What GetCallerIdentity says about a set of credentials. */
public record CallerIdentity(String account, String arn, String userId) {
}
