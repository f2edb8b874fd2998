package dev.rolegate.kubernetes;

import dev.rolegate.worker.ServiceAccountNames;
import dev.rolegate.worker.WorkerIdentity;

/**
 * How one cluster's service accounts are named to grants and the audit. Only the home cluster's are named plainly:
 * anyone who may create a namespace and service account in another cluster could otherwise take on the grants of the
 * same-named service account of the home cluster.
 */
record ClusterIdentities(String cluster, boolean home) {

    /** The identity of the cluster's service account {@code username} (system:serviceaccount:&lt;namespace&gt;:&lt;name&gt;). */
    WorkerIdentity of(String username) {
        return WorkerIdentity.serviceAccount(home ? username : ServiceAccountNames.qualified(cluster, username));
    }
}
