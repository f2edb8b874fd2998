package dev.rolegate.broker;

import dev.rolegate.http.RequestIds;
import dev.rolegate.problem.Problem;
import dev.rolegate.protocol.ContainerErrorCode;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Where workers get credentials, in three formats AWS tooling reads directly. Workers authenticate
 * with a Kubernetes service-account token or a rolegate worker token in {@code Authorization}, with
 * or without "Bearer ". STS credentials cannot be revoked: they stay valid until their Expiration.
 *
 * <p>The methods return a {@link CompletionStage}, so Quarkus REST runs them on the request's event loop. The stage
 * may complete on the audit writer's thread; Quarkus REST then resumes the request on its own Vert.x context, so
 * responses are still rendered there. Plain stages, not Mutiny: a Mutiny pipeline captured thread context per operator.
 */
@Path("/v1")
@PermitAll
@Tag(name = "Credentials", description = "Short-lived AWS credentials for workers, in the formats AWS tooling reads")
@SecurityScheme(securitySchemeName = BrokerResource.WORKER_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A Kubernetes projected service-account token (audience rolegate) or a rolegate worker token (rgw_...). "
                + "The container-credentials endpoint also accepts it without the Bearer prefix, as the AWS SDKs send it.")
@SecurityRequirement(name = BrokerResource.WORKER_SCHEME)
@APIResponse(responseCode = "400", description = "Invalid request", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "Missing, invalid, expired or revoked worker credential", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "No grant allows this identity to use the account, or the project has no such account (the two look alike)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "409", description = "The account is not CONNECTED (pending, access denied, in error or disconnected)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "STS, the database or the audit log unavailable, or the request's wait ran out of time; see Retry-After", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class BrokerResource {

    static final String WORKER_SCHEME = "worker";

    private static final Logger LOG = Logger.getLogger(BrokerResource.class);
    private static final String REQUEST_ID = "X-Request-Id";
    private static final String MIN_VALIDITY_DESCRIPTION = "Minimum remaining validity of the credentials, in seconds (60-43200; at most what "
            + "the account's sessions give, their duration less 2 minutes). Default 15 minutes (rolegate.broker.default-min-validity), "
            + "capped at the refresh margin of the account's sessions (5 minutes or a fifth of their length for sessions under 1 h).";

    private final BrokerService broker;
    private final CredentialsRequests requests;

    public BrokerResource(BrokerService broker, CredentialsRequests requests) {
        this.broker = broker;
        this.requests = requests;
    }

    @POST
    @Path("/credentials")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getCredentials", summary = "Credentials for an account, as JSON")
    @APIResponse(responseCode = "200", description = "Credentials", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CredentialsResponse.class)))
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CredentialsRequest.class)))
    public CompletionStage<CredentialsResponse> credentials(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(REQUEST_ID) String requestId, @Context HttpServerRequest http, String body) {
        String client = client(http);
        String id = requestId(requestId);
        return broker.issue(authorization, () -> requests.fromBody(body, client, id)).thenApply(IssuedCredentials::asResponse);
    }

    @GET
    @Path("/credential-process/{projectId}/{account}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getCredentialProcess", summary = "Credentials in the AWS credential_process format",
            description = "For ~/.aws/config: credential_process = /usr/local/bin/rolegate-credential-process "
                    + "https://rolegate.example.com <project> <account> (scripts/credential-process in the repository: it prints rolegate's "
                    + "error message to stderr, which is all the AWS CLI and botocore show of a failing credential process). Answers carry "
                    + "Cache-Control: no-store; a 401 carries WWW-Authenticate.")
    @APIResponse(responseCode = "200", description = "credential_process output", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CredentialProcessOutput.class)))
    public CompletionStage<CredentialProcessOutput> credentialProcess(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(REQUEST_ID) String requestId, @Context HttpServerRequest http,
            @PathParam("projectId") String projectId, @PathParam("account") String account,
            @Parameter(description = MIN_VALIDITY_DESCRIPTION, schema = @Schema(type = SchemaType.INTEGER, minimum = "60", maximum = "43200"))
            @QueryParam("minValiditySeconds") String minValiditySeconds) {
        String client = client(http);
        String id = requestId(requestId);
        return broker.issue(authorization, () -> requests.fromPath(projectId, account, minValiditySeconds, client, id))
                .thenApply(IssuedCredentials::asCredentialProcess);
    }

    @GET
    @Path("/container-credentials/{projectId}/{account}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getContainerCredentials", summary = "Credentials in the AWS container-credentials format",
            description = "Set AWS_CONTAINER_CREDENTIALS_FULL_URI to this URL and AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE) to the worker's token. "
                    + "Errors follow the protocol: {\"Code\",\"Message\"} (read by the AWS SDK for JavaScript v3), with the same values "
                    + "also as {\"code\",\"message\"}; see the ContainerCredentialsError schema for the codes. Answers carry "
                    + "Cache-Control: no-store; a 401 carries WWW-Authenticate.")
    @APIResponse(responseCode = "200", description = "Container credentials", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContainerCredentials.class)))
    @APIResponse(responseCode = "400", description = "Invalid request", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContainerError.class)))
    @APIResponse(responseCode = "401", description = "Missing, invalid, expired or revoked worker credential", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContainerError.class)))
    @APIResponse(responseCode = "403", description = "No grant allows this identity to use the account, or the project has no such account (the two look alike)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContainerError.class)))
    @APIResponse(responseCode = "409", description = "The account is not CONNECTED", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContainerError.class)))
    @APIResponse(responseCode = "503", description = "STS, the database or the audit log unavailable, or the request's wait ran out of time; see Retry-After", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContainerError.class)))
    public CompletionStage<Response> containerCredentials(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @HeaderParam(REQUEST_ID) String requestId,
            @Context HttpServerRequest http, @PathParam("projectId") String projectId, @PathParam("account") String account,
            @Parameter(description = MIN_VALIDITY_DESCRIPTION, schema = @Schema(type = SchemaType.INTEGER, minimum = "60", maximum = "43200"))
            @QueryParam("minValiditySeconds") String minValiditySeconds) {
        String client = client(http);
        String id = requestId(requestId);
        return broker.issue(authorization, () -> requests.fromPath(projectId, account, minValiditySeconds, client, id)).handle((issued, error) -> error == null
                ? Response.ok(issued.asContainerCredentials(), MediaType.APPLICATION_JSON).build()
                : containerError(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error));
    }

    private Response containerError(Throwable e) {
        BrokerError error = BrokerError.of(e);
        if (error == null) {
            String errorId = UUID.randomUUID().toString();
            LOG.errorf(e, "Unexpected error %s issuing container credentials", errorId);
            return Response.serverError().type(MediaType.APPLICATION_JSON).entity(ContainerError.of(ContainerErrorCode.INTERNAL_ERROR, "Unexpected error; quote error id " + errorId + " to the operators")).build();
        }
        return Response.status(error.type().status()).type(MediaType.APPLICATION_JSON).entity(ContainerError.of(error.type().containerCode(), error.message())).build();
    }

    private static String client(HttpServerRequest http) {
        return http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
    }

    private static String requestId(String header) {
        return header == null || header.isBlank() ? RequestIds.next() : header;
    }
}
