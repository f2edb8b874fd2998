package dev.rolegate.aws;

import java.util.Optional;

/** One AssumeRole call, already validated against STS limits. {@link #toString()} hides the External ID. */
public record AssumeRoleCommand(
        String roleArn,
        String externalId,
        String roleSessionName,
        int durationSeconds,
        String region,
        Optional<String> sourceIdentity) {

    @Override
    public String toString() {
        return "AssumeRoleCommand[roleArn=" + roleArn + ", roleSessionName=" + roleSessionName + ", durationSeconds=" + durationSeconds
                + ", region=" + region + ", externalId=***]";
    }
}
