package dev.rolegate.aws;

/** How an STS failure should be handled; see STS-CONTRACT.md. */
public enum StsFailure {
    /** Trust policy or External ID mismatch, or the role is gone: the customer must act. Never retried. */
    ACCESS_DENIED,
    /** The request itself is wrong (ValidationError, MalformedPolicyDocument, PackedPolicyTooLarge). Never retried. */
    INVALID_REQUEST,
    /** DurationSeconds exceeds the role's MaxSessionDuration (a ValidationError); retry with a shorter session. */
    DURATION_EXCEEDS_ROLE_MAX,
    /** STS is not activated in the account's region. Never retried. */
    REGION_DISABLED,
    /** Over the STS quota of rolegate's own account; retried with backoff until attempts run out. */
    THROTTLED,
    /** rolegate's own credentials or clock are wrong (ExpiredToken, SignatureDoesNotMatch, InvalidClientTokenId). */
    BROKER_CREDENTIALS,
    /** 5xx, timeouts and connection faults that outlasted the retries. */
    UNAVAILABLE
}
