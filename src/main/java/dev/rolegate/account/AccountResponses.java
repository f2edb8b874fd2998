package dev.rolegate.account;

import dev.rolegate.setup.SetupMaterial;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Composite response bodies of the accounts API. */
public final class AccountResponses {

    private AccountResponses() {
    }

    /** A newly set-up account with the material the customer needs. */
    @Schema(name = "AccountSetup")
    public record Setup(
            @Schema(description = "The new account, status PENDING_SETUP") AccountView account,
            @Schema(description = "Setup material to show the customer") SetupMaterial setup) {
    }

    /** One page of accounts. */
    @Schema(name = "AccountPage")
    public record Page(
            @Schema(description = "Accounts on this page, oldest first") List<AccountView> items,
            @Schema(description = "Zero-based page index") int page,
            @Schema(description = "Page size") int size,
            @Schema(description = "Accounts matching the filter across all pages") long total) {
    }
}
