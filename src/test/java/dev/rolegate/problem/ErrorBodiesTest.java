package dev.rolegate.problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolegate.broker.ContainerError;
import dev.rolegate.protocol.ContainerErrorCode;
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
    void everyProblemTypeHasAFixedPascalCaseCodeOfItsOwnStatus() {
        assertThat(ProblemType.INVALID_REQUEST.code()).isEqualTo("InvalidRequest");
        assertThat(ProblemType.HEADERS_TOO_LARGE.code()).isEqualTo("HeadersTooLarge");
        assertThat(ProblemType.CONFLICT.code()).isEqualTo("AccountNotConnected");
        for (ProblemType type : ProblemType.values()) {
            assertThat(type.code()).matches("[A-Z][A-Za-z]+");
            assertThat(ContainerErrorCode.valueOf(type.code().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase()).status())
                    .as(type.name()).isEqualTo(type.status());
        }
    }
}
