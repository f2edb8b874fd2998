package dev.rolegate.auth;

/** Role names checked by {@code @RolesAllowed}. */
public final class Roles {

    /** The portal backend: manages projects and AWS accounts. Granted by the {@code groups} or {@code scope} claim. */
    public static final String PORTAL = "portal";

    private Roles() {
    }
}
