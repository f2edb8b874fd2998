package dev.rolegate.aws;

/** The outcome of a successful AssumeRole. */
public record AssumedRole(TemporaryCredentials credentials, String assumedRoleArn, String assumedRoleId) {
}
