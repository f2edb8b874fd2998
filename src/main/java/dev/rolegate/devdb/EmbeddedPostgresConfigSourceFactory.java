package dev.rolegate.devdb;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Points the datasource at an in-process PostgreSQL in the dev and test profiles, so a machine
 * with only a JDK can run and test rolegate. It steps aside when a JDBC URL is configured, and in
 * production, where the embedded database is not even packaged (its dependency is "provided").
 */
public class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

    static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    private static final int ORDINAL = 255;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!devOrTest(context.getProfiles()) || explicitlyConfigured(context) || !EmbeddedPostgresHolder.available()) {
            return List.of();
        }
        Map<String, String> datasource = Map.of(
                JDBC_URL, EmbeddedPostgresHolder.jdbcUrl(),
                "quarkus.datasource.username", EmbeddedPostgresHolder.USER,
                "quarkus.datasource.password", EmbeddedPostgresHolder.USER);
        return List.of(new PropertiesConfigSource(datasource, "rolegate-embedded-postgres", ORDINAL));
    }

    private static boolean devOrTest(List<String> profiles) {
        return profiles.contains("dev") || profiles.contains("test");
    }

    private static boolean explicitlyConfigured(ConfigSourceContext context) {
        ConfigValue url = context.getValue(JDBC_URL);
        return url != null && url.getValue() != null && !url.getValue().isBlank();
    }
}
