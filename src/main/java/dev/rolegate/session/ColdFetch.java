package dev.rolegate.session;

/** What one look at the database found for a request no cached session could serve. */
public sealed interface ColdFetch {

    /** A stored session qualifies; no STS call needed. */
    record Stored(CachedSession session) implements ColdFetch {
    }

    /** This replica took the session's lease and must refresh it. */
    record Leased(RefreshJob job) implements ColdFetch {
    }

    /** Another replica holds the lease and is refreshing; its result lands in the database shortly. */
    record HeldElsewhere() implements ColdFetch {
    }
}
