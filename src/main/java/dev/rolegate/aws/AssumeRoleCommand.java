package dev.rolegate.aws;

import java.util.List;
import java.util.Optional;

/** One AssumeRole call, already validated against STS limits. {@link #toString()} hides the External ID. */
public record AssumeRoleCommand(
        String roleArn,
        String externalId,
        String roleSessionName,
        int durationSeconds,
        String region,
        Optional<String> sourceIdentity,
        Optional<String> policy,
        List<String> policyArns) {

    /** A command without session policies. */
    public AssumeRoleCommand(String roleArn, String externalId, String roleSessionName, int durationSeconds, String region,
            Optional<String> sourceIdentity) {
        this(roleArn, externalId, roleSessionName, durationSeconds, region, sourceIdentity, Optional.empty(), List.of());
    }

    @Override
    public String toString() {
        return "AssumeRoleCommand[roleArn=" + roleArn + ", roleSessionName=" + roleSessionName + ", durationSeconds=" + durationSeconds
                + ", region=" + region + ", scoped=" + (policy.isPresent() || !policyArns.isEmpty()) + ", externalId=***]";
    }
}
