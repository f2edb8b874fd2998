package dev.rolegate.account;

import java.util.UUID;

/** A snapshot of what verification needs, taken in one transaction and used outside it. */
public record VerificationTarget(UUID accountId, String projectId, String roleArn, String externalId, String region) {

    @Override
    public String toString() {
        return "VerificationTarget[account=" + accountId + ", roleArn=" + roleArn + ", region=" + region + ", externalId=***]";
    }
}
