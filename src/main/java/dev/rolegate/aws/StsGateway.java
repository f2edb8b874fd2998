package dev.rolegate.aws;

import java.time.Duration;

/**
 * rolegate's view of AWS STS. Implementations retry transient failures themselves and report every failure,
 * whatever its cause, as {@link StsCallException}; they never fall back to rolegate's own identity.
 *
 * <p>A {@code budget} bounds a whole call, retries included: callers who wait pass
 * {@link StsConfig#interactiveCallTimeout()} (or what is left of their own deadline); a budget that is already
 * spent fails at once with error code {@code Timeout}, without calling STS. The forms without a budget allow
 * {@link StsConfig#callTimeout()}, for work nobody waits on.
 */
public interface StsGateway {

    /** Calls AssumeRole in the command's region, signed with rolegate's own credentials, within {@code budget}. */
    AssumedRole assumeRole(AssumeRoleCommand command, Duration budget);

    /** Calls GetCallerIdentity in {@code region}, signed with the given temporary credentials, within {@code budget}. */
    CallerIdentity callerIdentity(String region, TemporaryCredentials credentials, Duration budget);

    /**
     * Calls GetCallerIdentity in {@code region} with rolegate's own credentials, within
     * {@link StsConfig#interactiveCallTimeout()}, only to learn whether STS there answers; the outcome updates
     * {@link StsHealth} like any call.
     */
    CallerIdentity probe(String region);

    /** {@link #assumeRole(AssumeRoleCommand, Duration)} within {@link StsConfig#callTimeout()}. */
    AssumedRole assumeRole(AssumeRoleCommand command);

    /** {@link #callerIdentity(String, TemporaryCredentials, Duration)} within {@link StsConfig#callTimeout()}. */
    CallerIdentity callerIdentity(String region, TemporaryCredentials credentials);
}
