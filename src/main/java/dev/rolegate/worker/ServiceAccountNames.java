package dev.rolegate.worker;

import java.util.regex.Pattern;

/** Kubernetes service-account usernames: system:serviceaccount:&lt;namespace&gt;:&lt;name&gt;. */
public final class ServiceAccountNames {

    /** Namespace: a DNS-1123 label. Name: a DNS-1123 subdomain. */
    public static final String PATTERN = "^system:serviceaccount:[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?:[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?$";
    public static final String MESSAGE = "must be system:serviceaccount:<namespace>:<name>, with a lowercase DNS namespace and name";
    private static final Pattern SHAPE = Pattern.compile(PATTERN);

    private ServiceAccountNames() {
    }

    public static boolean isServiceAccount(String subject) {
        return subject != null && SHAPE.matcher(subject).matches();
    }
}
