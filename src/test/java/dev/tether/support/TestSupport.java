package dev.tether.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the suite-wide test resources (one set for every test class, so Quarkus starts once). */
@QuarkusTestResource(value = StubServers.class, restrictToAnnotatedClass = false)
public final class TestSupport {

    private TestSupport() {
    }
}
