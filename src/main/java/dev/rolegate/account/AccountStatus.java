package dev.rolegate.account;

/** Where an account stands in its lifecycle. */
public enum AccountStatus {
    /** Created with a rolegate-generated External ID; waiting for the customer's role ARN. */
    PENDING_SETUP,
    /** The last verification assumed the role and confirmed the account. */
    CONNECTED,
    /** STS refused AssumeRole: trust policy, External ID, or the role was deleted. */
    ACCESS_DENIED,
    /** Verification could not complete (STS unavailable, region disabled, account mismatch, ...). */
    ERROR,
    /** Deleted by the portal; kept for history, never served again. */
    DISCONNECTED;

    /** What STS said of the customer's role (it works, or it refused), which only another answer of STS may change. */
    public boolean isVerdict() {
        return this == CONNECTED || this == ACCESS_DENIED;
    }
}
