package dev.rolegate.worker;

import java.util.regex.Pattern;

/**
 * Kubernetes service-account usernames, system:serviceaccount:&lt;namespace&gt;:&lt;name&gt;, and the identities rolegate
 * gives them: the username itself for the home cluster, cluster:&lt;cluster&gt;:&lt;username&gt; for any other trusted cluster.
 */
public final class ServiceAccountNames {

    /** A trusted cluster's name: short enough that a qualified identity fits a grant's 400 characters. */
    public static final String CLUSTER_NAME_PATTERN = "[a-z0-9](?:[-a-z0-9]{0,38}[a-z0-9])?";
    /** Namespace: a DNS-1123 label. Name: a DNS-1123 subdomain. */
    private static final String USERNAME = "system:serviceaccount:[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?:[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?";
    public static final String PATTERN = "^" + USERNAME + "$";
    public static final String MESSAGE = "must be system:serviceaccount:<namespace>:<name> (a service account of the home cluster) or "
            + "cluster:<cluster>:system:serviceaccount:<namespace>:<name>, with a lowercase DNS namespace and name";
    private static final String QUALIFIER = "cluster:";
    private static final Pattern SHAPE = Pattern.compile(PATTERN);
    private static final Pattern CLUSTER_NAME = Pattern.compile(CLUSTER_NAME_PATTERN);
    private static final Pattern IDENTITY = Pattern.compile("^(?:" + QUALIFIER + CLUSTER_NAME_PATTERN + ":)?" + USERNAME + "$");

    private ServiceAccountNames() {
    }

    /** Whether {@code subject} is a Kubernetes service-account username (as a token or TokenReview names it). */
    public static boolean isServiceAccount(String subject) {
        return subject != null && SHAPE.matcher(subject).matches();
    }

    /** Whether {@code identity} is a service-account identity a grant may name: a username, plain or qualified by a cluster. */
    public static boolean isIdentity(String identity) {
        return identity != null && IDENTITY.matcher(identity).matches();
    }

    public static boolean isClusterName(String name) {
        return name != null && CLUSTER_NAME.matcher(name).matches();
    }

    /** The identity of {@code username} of cluster {@code cluster}: {@code cluster:<cluster>:<username>}. */
    public static String qualified(String cluster, String username) {
        return QUALIFIER + cluster + ":" + username;
    }
}
