package dev.rolegate.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;

/**
 * Brings asynchronous results back to the thread of the request that waits for them. A stage
 * completed by a background thread (the audit writer, say) would otherwise render the response
 * there, serializing every caller's response on that one thread.
 */
public final class CallerContext {

    private CallerContext() {
    }

    /** Runs tasks on the current Vert.x context, or in place when there is none (outside a request). */
    public static Executor current() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
    }
}
