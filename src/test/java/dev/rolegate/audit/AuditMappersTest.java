package dev.rolegate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.rolegate.audit.AuditUnavailableException.Reason;
import dev.rolegate.problem.Problem;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Duration;
import org.jboss.resteasy.reactive.RestResponse;
import org.junit.jupiter.api.Test;

/** An unwritable audit is a retryable 503 problem that leaks no database detail. */
class AuditMappersTest {

    @Test
    void unavailableAuditIsA503ProblemWithRetryAfter() {
        UriInfo uri = mock(UriInfo.class);
        when(uri.getRequestUri()).thenReturn(URI.create("http://localhost/v1/credentials"));
        AuditMappers mappers = new AuditMappers(new TestAuditConfig(500, 1, 10000, Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofSeconds(7)));

        RestResponse<Problem> response = mappers.auditUnavailable(
                new AuditUnavailableException(Reason.WRITE_FAILED, new java.sql.SQLException("relation audit_event does not exist")), uri);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("7");
        Problem problem = response.getEntity();
        assertThat(problem.type()).hasToString("https://rolegate.dev/problems/unavailable");
        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.instance()).isEqualTo("/v1/credentials");
        assertThat(problem.detail()).isEqualTo(AuditMappers.DETAIL).doesNotContain("audit_event");
    }
}
