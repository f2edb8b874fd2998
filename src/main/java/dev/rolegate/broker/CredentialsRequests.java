package dev.rolegate.broker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rolegate.http.QueryParams;
import dev.rolegate.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * Reads what a worker asks for, from a JSON body or from the GET formats' path and query, once the worker is
 * authenticated. Errors are the same 400 problems the portal API gives: the JSON mappers for unreadable JSON, the
 * validation mapper for body fields out of bounds, a problem naming the query parameter for the GET formats.
 */
@ApplicationScoped
public class CredentialsRequests {

    private static final String MIN_VALIDITY = "minValiditySeconds";
    /** The bounds CredentialsRequest declares, so the GET formats refuse what the JSON format refuses. */
    static final int MIN_VALIDITY_SECONDS = 60;
    static final int MAX_VALIDITY_SECONDS = 43200;

    private final ObjectMapper json;
    private final Validator validator;

    public CredentialsRequests(ObjectMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    /**
     * The JSON body of {@code POST /v1/credentials}. An unreadable body fails with the Jackson exception inside a
     * {@link CompletionException}, which Quarkus REST unwraps for the JSON mappers.
     */
    IssueRequest fromBody(String body, String clientAddress, String requestId) {
        if (body == null || body.isBlank()) {
            throw ProblemException.invalidField("request", "a JSON body is required");
        }
        CredentialsRequest parsed;
        try {
            parsed = json.readValue(body, CredentialsRequest.class);
        } catch (JsonProcessingException unreadable) {
            throw new CompletionException(unreadable);
        } catch (IOException e) {
            throw new CompletionException(e);
        }
        if (parsed == null) {
            throw ProblemException.invalidField("request", "a JSON body is required");
        }
        requireValid(parsed);
        return IssueRequest.of(parsed, clientAddress, requestId);
    }

    /**
     * The GET formats: project and account from the path, an optional minimum validity from the query. The path is on
     * the hot path and only looked up, never stored: a segment that names nothing is refused like any account the worker
     * may not use, so it needs no validation of its own (controls are refused before any resource runs).
     */
    IssueRequest fromPath(String projectId, String account, String minValiditySeconds, String clientAddress, String requestId) {
        Integer minValidity = QueryParams.optionalInt(MIN_VALIDITY, minValiditySeconds, MIN_VALIDITY_SECONDS, MAX_VALIDITY_SECONDS);
        return new IssueRequest(projectId, account, minValidity, null, List.of(), clientAddress, requestId);
    }

    private void requireValid(CredentialsRequest request) {
        Set<ConstraintViolation<CredentialsRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
    }
}
