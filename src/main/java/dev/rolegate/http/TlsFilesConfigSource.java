package dev.rolegate.http;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Makes the environment variables that name the served certificate work:
 * {@code QUARKUS_TLS_KEY_STORE_PEM_0_CERT} and {@code QUARKUS_TLS_KEY_STORE_PEM_0_KEY}. From the variable alone
 * Quarkus cannot tell that {@code 0} is a key of the PEM key store map (the name could as well spell a named TLS
 * configuration), so the TLS registry ignores the variables and HTTPS stays off; the dotted properties work. This
 * source gives the dotted names the variables' values when they are set. Its ordinal is below every file and the
 * environment, so a system property or application.properties setting still wins.
 */
public class TlsFilesConfigSource implements ConfigSource {

    static final Map<String, String> VARIABLES = Map.of(
            "quarkus.tls.key-store.pem.0.cert", "QUARKUS_TLS_KEY_STORE_PEM_0_CERT",
            "quarkus.tls.key-store.pem.0.key", "QUARKUS_TLS_KEY_STORE_PEM_0_KEY");
    private static final int ORDINAL = 50;

    private final Map<String, String> properties;

    public TlsFilesConfigSource() {
        this(System::getenv);
    }

    TlsFilesConfigSource(UnaryOperator<String> environment) {
        Map<String, String> set = new HashMap<>();
        VARIABLES.forEach((property, variable) -> {
            String value = environment.apply(variable);
            if (value != null && !value.isBlank()) {
                set.put(property, value);
            }
        });
        properties = Map.copyOf(set);
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "rolegate-tls-files-from-environment";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
