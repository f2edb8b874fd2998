package dev.rolegate.aws;

/**
 * rolegate's view of AWS STS. Implementations retry transient failures themselves and report
 * everything else as {@link StsCallException}; they never fall back to rolegate's own identity.
 */
public interface StsGateway {

    /** Calls AssumeRole in the command's region, signed with rolegate's own credentials. */
    AssumedRole assumeRole(AssumeRoleCommand command);

    /** TEMPORARY until the budget API lands: AssumeRole that must end within {@code budget}. */
    default AssumedRole assumeRole(AssumeRoleCommand command, java.time.Duration budget) {
        return assumeRole(command);
    }

    /** TEMPORARY until the budget API lands. */
    default CallerIdentity callerIdentity(String region, TemporaryCredentials credentials, java.time.Duration budget) {
        return callerIdentity(region, credentials);
    }

    /** Calls GetCallerIdentity in {@code region}, signed with the given temporary credentials. */
    CallerIdentity callerIdentity(String region, TemporaryCredentials credentials);
}
