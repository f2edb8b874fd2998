package dev.rolegate.notify;

import dev.rolegate.account.AccountChanged;
import dev.rolegate.account.AccountDeactivated;
import dev.rolegate.account.AccountStatus;
import dev.rolegate.grant.GrantsChanged;
import dev.rolegate.worker.IdentityKind;
import dev.rolegate.worker.WorkerTokenRevoked;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The payload of a change notification: {@code origin|KIND|field|...}, each part URL-encoded so that no field can
 * forge a separator. It names what changed (ids, never a secret). PostgreSQL refuses payloads of 8000 bytes or more,
 * so a change too large to name becomes {@link Kind#EVERYTHING}.
 */
public final class ChangeNotices {

    /** The one channel every replica listens on. */
    public static final String CHANNEL = "rolegate_changes";

    /** PostgreSQL's limit is 8000 bytes; stay well clear of it. */
    static final int MAX_PAYLOAD_BYTES = 7000;

    /** What a notification says changed. */
    public enum Kind {
        WORKER_TOKEN_REVOKED, GRANTS_CHANGED, ACCOUNT_CHANGED, ACCOUNT_DEACTIVATED, EVERYTHING
    }

    /** A notification read back: who sent it and the change, one of the change events or {@link #EVERYTHING}. */
    public record Notice(String origin, Kind kind, Object change) {
    }

    /** The change of kind {@link Kind#EVERYTHING}: drop every cached decision and session. */
    public static final Object EVERYTHING = new Object() {
        @Override
        public String toString() {
            return "EVERYTHING";
        }
    };

    private static final String SEPARATOR = "|";

    private ChangeNotices() {
    }

    /** The payload announcing {@code change} (one of the change events) from replica {@code origin}. */
    public static String encode(String origin, Object change) {
        String payload = join(origin, kindOf(change), fieldsOf(change));
        return payload.getBytes(StandardCharsets.UTF_8).length < MAX_PAYLOAD_BYTES ? payload : join(origin, Kind.EVERYTHING, List.of());
    }

    /** The notice in {@code payload}, or empty when it is not one this version can read. */
    public static Optional<Notice> decode(String payload) {
        try {
            List<String> parts = Arrays.stream(payload.split("\\" + SEPARATOR, -1)).map(p -> URLDecoder.decode(p, StandardCharsets.UTF_8)).toList();
            if (parts.size() < 2) {
                return Optional.empty();
            }
            Kind kind = Kind.valueOf(parts.get(1));
            return Optional.of(new Notice(parts.get(0), kind, changeOf(kind, parts.subList(2, parts.size()))));
        } catch (IllegalArgumentException | IndexOutOfBoundsException | NullPointerException unreadable) {
            return Optional.empty();
        }
    }

    private static Kind kindOf(Object change) {
        if (change instanceof WorkerTokenRevoked) {
            return Kind.WORKER_TOKEN_REVOKED;
        } else if (change instanceof GrantsChanged) {
            return Kind.GRANTS_CHANGED;
        } else if (change instanceof AccountChanged) {
            return Kind.ACCOUNT_CHANGED;
        } else if (change instanceof AccountDeactivated) {
            return Kind.ACCOUNT_DEACTIVATED;
        } else if (change == EVERYTHING) {
            return Kind.EVERYTHING;
        }
        throw new IllegalArgumentException("not a change notifications announce: " + change.getClass().getName());
    }

    private static List<String> fieldsOf(Object change) {
        if (change instanceof WorkerTokenRevoked revoked) {
            return List.of(revoked.tokenId().toString(), revoked.projectId());
        } else if (change instanceof GrantsChanged grants) {
            return List.of(grants.projectId(), grants.kind().name(), grants.identity());
        } else if (change instanceof AccountChanged account) {
            return List.of(account.accountId().toString());
        } else if (change instanceof AccountDeactivated account) {
            return List.of(account.accountId().toString(), account.status().name());
        }
        return List.of();
    }

    private static Object changeOf(Kind kind, List<String> fields) {
        return switch (kind) {
            case WORKER_TOKEN_REVOKED -> new WorkerTokenRevoked(UUID.fromString(fields.get(0)), fields.get(1));
            case GRANTS_CHANGED -> new GrantsChanged(fields.get(0), IdentityKind.valueOf(fields.get(1)), fields.get(2));
            case ACCOUNT_CHANGED -> new AccountChanged(UUID.fromString(fields.get(0)));
            case ACCOUNT_DEACTIVATED -> new AccountDeactivated(UUID.fromString(fields.get(0)), AccountStatus.valueOf(fields.get(1)));
            case EVERYTHING -> EVERYTHING;
        };
    }

    private static String join(String origin, Kind kind, List<String> fields) {
        List<String> parts = new ArrayList<>();
        parts.add(origin);
        parts.add(kind.name());
        parts.addAll(fields);
        return String.join(SEPARATOR, parts.stream().map(p -> URLEncoder.encode(p, StandardCharsets.UTF_8)).toList());
    }
}
