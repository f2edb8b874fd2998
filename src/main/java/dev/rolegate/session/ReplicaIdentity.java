package dev.rolegate.session;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** This replica's name in session leases: the pod name where there is one, plus a random suffix per start. */
@ApplicationScoped
public class ReplicaIdentity {

    private static final int MAX_LENGTH = 64;
    private final String id;

    public ReplicaIdentity() {
        String host = System.getenv().getOrDefault("HOSTNAME", "rolegate");
        String candidate = host + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.id = candidate.length() <= MAX_LENGTH ? candidate : candidate.substring(candidate.length() - MAX_LENGTH);
    }

    public String id() {
        return id;
    }
}
