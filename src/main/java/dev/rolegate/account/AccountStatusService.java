package dev.rolegate.account;

import dev.rolegate.aws.RoleArn;
import dev.rolegate.crypto.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Status changes and their history, and the account facts the session engine reads. Every change that stops an
 * account from being served fires {@link AccountDeactivated} in the same transaction, and every change at all
 * fires {@link AccountChanged}, so what replicas remember of the account is dropped once it commits. Every status
 * change fires {@link AccountStatusChanged} in its transaction too, for the portal's webhook.
 */
@ApplicationScoped
public class AccountStatusService {

    private static final Logger LOG = Logger.getLogger(AccountStatusService.class);

    private final AccountRepository accounts;
    private final AccountStatusEventRepository events;
    private final Event<AccountDeactivated> deactivated;
    private final Event<AccountChanged> changes;
    private final Event<AccountStatusChanged> statusChanges;
    private final SecretBox secrets;
    private final Clock clock;

    public AccountStatusService(AccountRepository accounts, AccountStatusEventRepository events, Event<AccountDeactivated> deactivated,
            Event<AccountChanged> changes, Event<AccountStatusChanged> statusChanges, SecretBox secrets, Clock clock) {
        this.accounts = accounts;
        this.events = events;
        this.deactivated = deactivated;
        this.changes = changes;
        this.statusChanges = statusChanges;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Records a verification outcome, with a history entry when the status changes. */
    void recordVerification(AwsAccount account, VerificationResult result) {
        AccountStatus before = account.status();
        account.recordVerification(result.status(), result.error(), clock.instant());
        changed(account, before, result.error());
        if (before == account.status()) {
            changed(account); // a re-confirmed account may have dropped its duration fallback
        }
    }

    /**
     * A verification that could not conclude (STS throttled or unreachable) of an account with a verdict: the account
     * keeps its status (a CONNECTED one stays in service), and the failed check is kept in its history.
     */
    void recordInconclusiveCheck(AwsAccount account, String reason) {
        events.persist(new AccountStatusEvent(account.id(), account.status(), account.status(),
                "Verification could not complete; the account stays " + account.status() + ". " + reason, clock.instant()));
    }

    /** A new role: the old role's sessions are purged in this transaction, and the account waits for verification. */
    void changeRole(AwsAccount account, RoleArn arn) {
        AccountStatus before = account.status();
        account.attachRole(arn, clock.instant());
        account.awaitVerification(clock.instant());
        changed(account, before, "Role changed to " + arn + "; verifying it");
        if (before == account.status()) {
            changed(account);
        }
    }

    void disconnect(AwsAccount account) {
        AccountStatus before = account.status();
        account.disconnect(clock.instant());
        changed(account, before, "disconnected by the portal");
    }

    /** STS said AccessDenied while refreshing: the customer revoked access. Returns false if it was no longer connected. */
    @Transactional
    public boolean revokeAccess(UUID accountId, String reason) {
        AwsAccount account = accounts.findById(accountId);
        if (account == null || account.status() != AccountStatus.CONNECTED) {
            return false;
        }
        account.revoke(reason, clock.instant());
        changed(account, AccountStatus.CONNECTED, reason);
        LOG.warnf("Account %s (%s) revoked rolegate's access: %s", accountId, account.roleArn(), reason);
        return true;
    }

    /** STS refused the configured duration as above the role's MaxSessionDuration; sessions use {@code seconds} from now on. */
    @Transactional
    public void recordDurationFallback(UUID accountId, int seconds) {
        AwsAccount account = accounts.findById(accountId);
        if (account != null) {
            account.fallBackToSessionDuration(seconds, clock.instant());
            changed(account);
            LOG.warnf("Account %s: requested %d s exceeds the role's MaxSessionDuration; falling back to %d s",
                    accountId, account.sessionDurationSeconds(), seconds);
        }
    }

    /** The facts needed to assume the account's role, from an account read in the caller's transaction. */
    public SessionSource sessionSource(AwsAccount a) {
        return new SessionSource(a.id(), a.projectId(), a.status(), a.roleArn(), a.awsAccountId(),
                secrets.open(a.externalId(), AwsAccount.externalIdContext(a.id())), a.region(), a.effectiveSessionDurationSeconds());
    }

    List<AccountStatusEvent> history(UUID accountId) {
        return events.history(accountId);
    }

    /** Tells observers the account changed; they forget what they cached of it once this transaction commits. */
    void changed(AwsAccount account) {
        changes.fire(new AccountChanged(account.id()));
    }

    private void changed(AwsAccount account, AccountStatus before, String reason) {
        if (before == account.status()) {
            return;
        }
        changed(account);
        Instant at = clock.instant();
        events.persist(new AccountStatusEvent(account.id(), before, account.status(), reason, at));
        statusChanges.fire(new AccountStatusChanged(account.id(), account.projectId(), account.name(), account.awsAccountId(), before,
                account.status(), reason, at));
        if (before == AccountStatus.CONNECTED || account.status() == AccountStatus.DISCONNECTED) {
            deactivated.fire(new AccountDeactivated(account.id(), account.status()));
        }
    }
}
