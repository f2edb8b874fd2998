package dev.rolegate.testsupport;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Test resources every {@code @QuarkusTest} shares, so the application starts once per run. */
@WithTestResource(value = FakeStsResource.class, scope = TestResourceScope.GLOBAL)
public final class GlobalTestResources {

    private GlobalTestResources() {
    }
}
