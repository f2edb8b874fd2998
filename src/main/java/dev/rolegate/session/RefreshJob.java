package dev.rolegate.session;

import dev.rolegate.account.SessionSource;

/** A refresh this replica holds the lease for: which session, with what scope, from which role. Hides the External ID. */
public record RefreshJob(SessionKey key, SessionScope scope, SessionSource source) {
}
