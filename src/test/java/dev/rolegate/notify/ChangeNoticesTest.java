package dev.rolegate.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.account.AccountChanged;
import dev.rolegate.account.AccountDeactivated;
import dev.rolegate.account.AccountStatus;
import dev.rolegate.grant.GrantsChanged;
import dev.rolegate.worker.IdentityKind;
import dev.rolegate.worker.WorkerTokenRevoked;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChangeNoticesTest {

    @Test
    void everyChangeReadsBackAsItWasSentWithItsOrigin() {
        for (Object change : new Object[] {new WorkerTokenRevoked(UUID.randomUUID(), "proj"),
                new GrantsChanged("proj", IdentityKind.values()[0], "ns|with%odd:chars/and|bars"),
                new AccountChanged(UUID.randomUUID()), new AccountDeactivated(UUID.randomUUID(), AccountStatus.DISCONNECTED)}) {
            ChangeNotices.Notice notice = ChangeNotices.decode(ChangeNotices.encode("replica|a", change)).orElseThrow();
            assertThat(notice.origin()).isEqualTo("replica|a");
            assertThat(notice.change()).isEqualTo(change);
        }
    }

    @Test
    void aChangeTooLargeForPostgresIsAnnouncedAsEverything() {
        String payload = ChangeNotices.encode("r", new GrantsChanged("proj", IdentityKind.values()[0], "x".repeat(9000)));
        assertThat(payload.getBytes(StandardCharsets.UTF_8).length).isLessThan(8000);
        assertThat(ChangeNotices.decode(payload).orElseThrow().kind()).isEqualTo(ChangeNotices.Kind.EVERYTHING);
    }

    @Test
    void aPayloadThisVersionCannotReadIsEmptyNotAnException() {
        assertThat(ChangeNotices.decode("")).isEmpty();
        assertThat(ChangeNotices.decode("r|NO_SUCH_KIND|x")).isEmpty();
        assertThat(ChangeNotices.decode("r|WORKER_TOKEN_REVOKED|not-a-uuid|p")).isEmpty();
        assertThat(ChangeNotices.decode("r|WORKER_TOKEN_REVOKED")).isEmpty();
        assertThat(ChangeNotices.decode("r|ACCOUNT_CHANGED|%zz")).isEmpty();
    }
}
