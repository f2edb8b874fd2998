package dev.rolegate.db;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses portal requests at once while the database circuit is open, before a transaction waits for a connection.
 * Credential requests are left to the broker, which may still refuse them in their own format.
 */
public class DatabaseRequestFilter {

    private final DatabaseGuard database;

    public DatabaseRequestFilter(DatabaseGuard database) {
        this.database = database;
    }

    @ServerRequestFilter
    public void refuseWhileOpen(ContainerRequestContext request) {
        if (database.isOpen() && isPortalPath(request.getUriInfo().getPath())) {
            throw new DatabaseUnavailableException(DatabaseFailure.OUTAGE, null);
        }
    }

    private static boolean isPortalPath(String path) {
        return path.startsWith("/v1/projects") || path.startsWith("/v1/audit");
    }
}
