package dev.rolegate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TlsFilesConfigSourceTest {

    @Test
    void setVariablesBecomeThePemKeyStoreProperties() {
        Map<String, String> env = Map.of("QUARKUS_TLS_KEY_STORE_PEM_0_CERT", "/etc/rolegate/tls/tls.crt",
                "QUARKUS_TLS_KEY_STORE_PEM_0_KEY", "/etc/rolegate/tls/tls.key");

        TlsFilesConfigSource source = new TlsFilesConfigSource(env::get);

        assertThat(source.getProperties()).containsOnly(
                Map.entry("quarkus.tls.key-store.pem.0.cert", "/etc/rolegate/tls/tls.crt"),
                Map.entry("quarkus.tls.key-store.pem.0.key", "/etc/rolegate/tls/tls.key"));
    }

    @Test
    void unsetOrBlankVariablesLeaveHttpsOff() {
        TlsFilesConfigSource source = new TlsFilesConfigSource(Map.of("QUARKUS_TLS_KEY_STORE_PEM_0_CERT", " ")::get);

        assertThat(source.getPropertyNames()).isEmpty();
        assertThat(source.getValue("quarkus.tls.key-store.pem.0.cert")).isNull();
    }

    @Test
    void itsOrdinalIsBelowTheEnvironmentAndFiles() {
        assertThat(new TlsFilesConfigSource(name -> null).getOrdinal()).isLessThan(250);
    }
}
