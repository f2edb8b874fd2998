package dev.rolegate.auth;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * OAuth-style tokens carry permissions in the space-separated {@code scope} claim rather than in
 * {@code groups}; both count as roles, so "role or scope portal" is one {@code @RolesAllowed}.
 */
@ApplicationScoped
public class ScopeRolesAugmentor implements SecurityIdentityAugmentor {

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        Set<String> scopes = scopes(jwt.getClaim("scope"));
        if (scopes.isEmpty()) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRoles(scopes).build());
    }

    private static Set<String> scopes(Object claim) {
        if (claim == null) {
            return Set.of();
        }
        String raw = claim instanceof jakarta.json.JsonString s ? s.getString() : claim.toString();
        return Arrays.stream(raw.trim().split("\\s+")).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
