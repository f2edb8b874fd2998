package dev.rolegate.problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.broker.ContainerError;
import org.junit.jupiter.api.Test;

class ErrorBodiesTest {

    @Test
    void errorsOutsideTheContainerPathAreProblems() {
        Problem problem = Problem.of(ProblemType.INVALID_REQUEST, "bad", "/v1/credential-process/acme/prod");

        assertThat(ErrorBodies.entity(problem)).isSameAs(problem);
        assertThat(ErrorBodies.mediaType(problem)).isEqualTo("application/problem+json");
        assertThat(ErrorBodies.response(problem).getStatus()).isEqualTo(400);
    }

    @Test
    void errorsUnderTheContainerPathUseThatProtocolsCodeAndMessage() {
        Problem problem = Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "too big", "/v1/container-credentials/acme/prod");

        assertThat(ErrorBodies.entity(problem)).isEqualTo(new ContainerError("PayloadTooLarge", "too big"));
        assertThat(ErrorBodies.mediaType(problem)).isEqualTo("application/json");
        assertThat(ErrorBodies.response(problem).getStatus()).isEqualTo(413);
    }

    @Test
    void thePathWithoutItsTrailingSlashIsNotTheContainerEndpoint() {
        assertThat(ErrorBodies.inContainerFormat("/v1/container-credentials")).isFalse();
        assertThat(ErrorBodies.inContainerFormat(null)).isFalse();
    }

    @Test
    void everyProblemTypeHasACamelCaseCode() {
        assertThat(ProblemType.INVALID_REQUEST.code()).isEqualTo("InvalidRequest");
        assertThat(ProblemType.HEADERS_TOO_LARGE.code()).isEqualTo("RequestHeaderFieldsTooLarge");
        for (ProblemType type : ProblemType.values()) {
            assertThat(type.code()).matches("[A-Z][A-Za-z]+");
        }
    }
}
