package dev.rolegate.auth;

import dev.rolegate.http.Characters;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * OAuth-style tokens carry permissions in the space-separated {@code scope} claim rather than in
 * {@code groups}; both count as roles, so "role or scope portal" is one {@code @RolesAllowed}.
 *
 * <p>A correctly signed token is still the portal's input: a principal name (upn, preferred_username
 * or sub) that is not a JSON string, or that holds a control or bidi character, would reach the audit
 * log as the actor, so such a token authenticates nobody (401). The groups claim is read through a
 * claim path (smallrye.jwt.path.groups), which turns a groups claim of another JSON type into no role.
 */
@ApplicationScoped
public class ScopeRolesAugmentor implements SecurityIdentityAugmentor {

    private static final int MAX_PRINCIPAL_NAME = 256;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        if (!hasReadableName(jwt)) {
            return Uni.createFrom().failure(new AuthenticationFailedException("the token's principal name is not printable text"));
        }
        Set<String> scopes = scopes(jwt.getClaim("scope"));
        if (scopes.isEmpty()) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRoles(scopes).build());
    }

    private static boolean hasReadableName(JsonWebToken jwt) {
        String name;
        try {
            name = jwt.getName();
        } catch (RuntimeException wrongClaimType) {
            return false;
        }
        return name != null && !name.isBlank() && name.length() <= MAX_PRINCIPAL_NAME && Characters.firstRefusedInName(name) < 0;
    }

    /** Only a JSON string is a scope claim (RFC 8693 section 4.2); any other type grants nothing. */
    private static Set<String> scopes(Object claim) {
        String raw;
        if (claim instanceof JsonString json) {
            raw = json.getString();
        } else if (claim instanceof String text) {
            raw = text;
        } else {
            return Set.of();
        }
        return Arrays.stream(raw.trim().split("\\s+")).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
