package dev.rolegate.account;

/** Who chose the External ID. */
public enum ExternalIdOrigin {
    /** rolegate generated it (recommended: confused-deputy protection as AWS advises). */
    GENERATED,
    /** The customer chose it (legacy one-call registration; weaker). */
    CUSTOMER
}
