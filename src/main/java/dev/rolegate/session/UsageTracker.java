package dev.rolegate.session;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers when sessions were last served, in memory, and hands the batch to the scheduler to store. */
@ApplicationScoped
public class UsageTracker {

    private final Map<SessionKey, Instant> lastUse = new ConcurrentHashMap<>();

    public void touch(SessionKey key, Instant when) {
        lastUse.merge(key, when, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Takes every use recorded since the last drain. */
    public Map<SessionKey, Instant> drain() {
        Map<SessionKey, Instant> batch = new HashMap<>();
        for (SessionKey key : lastUse.keySet()) {
            Instant when = lastUse.remove(key);
            if (when != null) {
                batch.put(key, when);
            }
        }
        return batch;
    }
}
