package dev.rolegate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Entries always fit their columns: identities exactly or not at all, free text clipped. */
class AuditEntryTest {

    private static final Instant AT = Instant.parse("2025-01-31T12:00:00.123456789Z");

    @Test
    void timesAreKeptToTheMicrosecondLikeTheDatabase() {
        AuditEntry entry = AuditEntry.builder(AT, "portal", AuditAction.ACCOUNT_CREATED).credentials("ASIAKEY", AT).build();

        assertThat(entry.occurredAt()).isEqualTo(Instant.parse("2025-01-31T12:00:00.123456Z"));
        assertThat(entry.expiration()).isEqualTo(Instant.parse("2025-01-31T12:00:00.123456Z"));
    }

    @Test
    void overlongDetailIsClippedToItsColumn() {
        AuditEntry entry = AuditEntry.builder(AT, "portal", AuditAction.ACCOUNT_UPDATED).detail("x".repeat(5000)).build();

        assertThat(entry.detail()).hasSize(AuditEntry.MAX_DETAIL);
    }

    @Test
    void clippingNeverSplitsASurrogatePair() {
        String detail = "x".repeat(AuditEntry.MAX_DETAIL - 1) + "\uD83D\uDE00";

        AuditEntry entry = AuditEntry.builder(AT, "portal", AuditAction.ACCOUNT_UPDATED).detail(detail).build();

        assertThat(entry.detail()).isEqualTo("x".repeat(AuditEntry.MAX_DETAIL - 1));
    }

    @Test
    void nulCharactersAreDroppedFromCallerSuppliedText() {
        AuditEntry entry = AuditEntry.builder(AT, "portal", AuditAction.CREDENTIALS_ISSUED).request("10.0.0.1\0", "req\0-1").build();

        assertThat(entry.clientAddress()).isEqualTo("10.0.0.1");
        assertThat(entry.requestId()).isEqualTo("req-1");
    }

    @Test
    void overlongActorIsRejectedRatherThanClipped() {
        assertThatThrownBy(() -> AuditEntry.builder(AT, "a".repeat(AuditEntry.MAX_ACTOR + 1), AuditAction.GRANT_CREATED).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("actor");
    }

    @Test
    void blankActorIsRejected() {
        assertThatThrownBy(() -> AuditEntry.builder(AT, " ", AuditAction.GRANT_CREATED).build()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void entryWithoutTimeOrActionIsRejected() {
        assertThatThrownBy(() -> AuditEntry.builder(null, "portal", AuditAction.GRANT_CREATED).build()).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> AuditEntry.builder(AT, "portal", null).build()).isInstanceOf(NullPointerException.class);
    }
}
