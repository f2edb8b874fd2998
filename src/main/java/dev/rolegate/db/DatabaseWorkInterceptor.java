package dev.rolegate.db;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Runs {@link DatabaseWork} behind the {@link DatabaseGuard}, outside any transaction the method opens, so a
 * commit that fails on a lost connection counts too, and an open circuit refuses the call before it waits.
 */
@DatabaseWork
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class DatabaseWorkInterceptor {

    private final DatabaseGuard database;

    public DatabaseWorkInterceptor(DatabaseGuard database) {
        this.database = database;
    }

    @AroundInvoke
    Object guarded(InvocationContext invocation) {
        return database.call(invocation::proceed);
    }
}
