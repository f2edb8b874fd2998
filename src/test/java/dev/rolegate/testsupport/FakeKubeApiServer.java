package dev.rolegate.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A kube-apiserver on loopback for the parts rolegate calls, answering as a real one does: OIDC discovery, the
 * service-account JWKS (only with the right bearer token; otherwise its 401 Status object), and TokenReview (which
 * echoes the reviewed token in spec, as the real API does). Anything else gets its 401 Status, as a request without a valid bearer does.
 */
public final class FakeKubeApiServer implements AutoCloseable {

    public static final String JWKS_PATH = "/openid/v1/jwks";
    public static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;
    private final boolean https;

    /** Plain http on loopback. */
    public FakeKubeApiServer() {
        this(options().bindAddress("127.0.0.1").dynamicPort(), false);
    }

    private FakeKubeApiServer(WireMockConfiguration options, boolean https) {
        this.server = new WireMockServer(options);
        this.https = https;
        server.start();
        reset();
    }

    /**
     * Only https on loopback, with the key and certificate chain in {@code keystore} (PKCS#12, {@code password}), as
     * {@code https://kubernetes.default.svc} answers with a certificate signed by the cluster CA.
     */
    public static FakeKubeApiServer https(Path keystore, char[] password) {
        return new FakeKubeApiServer(options().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort()
                .keystorePath(keystore.toString()).keystoreType("PKCS12").keystorePassword(new String(password))
                .keyManagerPassword(new String(password)), true);
    }

    public URI url() {
        return https ? URI.create("https://127.0.0.1:" + server.httpsPort()) : URI.create("http://127.0.0.1:" + server.port());
    }

    public URI url(String path) {
        return URI.create(url() + path);
    }

    /** Forgets every stub and request: the API server answers 401 without a bearer and 404 with one. */
    public void reset() {
        server.resetAll();
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(status(401, "Unauthorized", "Unauthorized")));
    }

    /** {@code /openid/v1/jwks} answers {@code jwks} to requests with {@code Authorization: Bearer <bearer>} only. */
    public void serveJwks(String jwks, String bearer) {
        server.stubFor(withBearer(get(urlPathEqualTo(JWKS_PATH)), bearer)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/jwk-set+json").withBody(jwks)));
    }

    /** The key set endpoint fails with {@code status} (e.g. 503 during an API server restart). */
    public void failJwks(int status) {
        server.stubFor(get(urlPathEqualTo(JWKS_PATH)).atPriority(1).willReturn(status(status, "ServiceUnavailable", "the server is currently unable to handle the request")));
    }

    /** A public issuer as EKS publishes one: discovery at {@code <issuerPath>/.well-known/openid-configuration}, keys at {@code <issuerPath>/keys}, no bearer needed. */
    public void servePublicIssuer(String issuerPath, String jwks) {
        servePublicIssuer(issuerPath, jwks, url(issuerPath + "/keys"));
    }

    /** A public issuer whose discovery document names {@code jwksUri} (which may be on another host); keys also at {@code <issuerPath>/keys}. */
    public void servePublicIssuer(String issuerPath, String jwks, URI jwksUri) {
        String issuer = url(issuerPath).toString();
        ObjectNode discovery = JSON.createObjectNode().put("issuer", issuer).put("jwks_uri", jwksUri.toString())
                .put("authorization_endpoint", "urn:kubernetes:programmatic_authorization");
        discovery.putArray("response_types_supported").add("id_token");
        discovery.putArray("subject_types_supported").add("public");
        discovery.putArray("claims_supported").add("sub").add("iss");
        discovery.putArray("id_token_signing_alg_values_supported").add("RS256");
        server.stubFor(get(urlPathEqualTo(issuerPath + "/.well-known/openid-configuration")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(discovery.toString())));
        server.stubFor(get(urlPathEqualTo(issuerPath + "/keys")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(jwks)));
    }

    /**
     * TokenReview of {@code token} (asked with the right bearer, for audience rolegate, which the answer's spec echoes)
     * says authenticated as {@code username}, for {@code audiences} (status.audiences: those of the request the token is
     * valid for, as the API server answers; an empty list leaves status.audiences out, as an authenticator that
     * ignores audiences does, meaning only the API server's own audience).
     */
    public void reviewAuthenticates(String token, String bearer, String username, List<String> audiences) {
        ObjectNode review = review(token, List.of("rolegate"));
        ObjectNode status = review.putObject("status").put("authenticated", true);
        ObjectNode user = status.putObject("user").put("username", username).put("uid", "7b3d1a52-8c8e-4a5f-9d3c-0f1e2d3c4b5a");
        String namespace = username.split(":").length == 4 ? username.split(":")[2] : "default";
        user.putArray("groups").add("system:serviceaccounts").add("system:serviceaccounts:" + namespace).add("system:authenticated");
        ObjectNode extra = user.putObject("extra");
        extra.putArray("authentication.kubernetes.io/pod-name").add("runner-7d4b9c");
        extra.putArray("authentication.kubernetes.io/pod-uid").add("3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b");
        if (!audiences.isEmpty()) {
            audiences.forEach(status.putArray("audiences")::add);
        }
        answerReview(token, bearer, review);
    }

    /** TokenReview of {@code token} says not authenticated, as for the bound token of a deleted pod. */
    public void reviewRefusesDeletedPod(String token, String bearer) {
        ObjectNode review = review(token, List.of("rolegate"));
        ObjectNode status = review.putObject("status");
        status.putObject("user");
        status.put("error", "[invalid bearer token, service account rolegate/runner has been deleted or its pod runner-7d4b9c (3f1c2b4a) no longer exists]");
        answerReview(token, bearer, review);
    }

    /** Every TokenReview fails with {@code status}. */
    public void failReviews(int status) {
        server.stubFor(post(urlPathEqualTo(TOKEN_REVIEWS)).atPriority(1).willReturn(status(status, "InternalError", "Internal error occurred: etcdserver: request timed out")));
    }

    /** Every TokenReview is refused as a 400 whose Status message quotes the request, token included. */
    public void refuseReviewsQuotingTheRequest(String token) {
        server.stubFor(post(urlPathEqualTo(TOKEN_REVIEWS)).atPriority(1).willReturn(status(400, "BadRequest",
                "TokenReview in version \"v1\" cannot be handled as a TokenReview: strict decoding error: unknown field \"spec.token\": " + token)));
    }

    /** Every TokenReview is answered only after {@code delayMillis}, as an overloaded API server answers. */
    public void stallReviews(int delayMillis) {
        server.stubFor(post(urlPathEqualTo(TOKEN_REVIEWS)).atPriority(1).willReturn(status(500, "InternalError", "too slow").withFixedDelay(delayMillis)));
    }

    /** Every TokenReview is answered 200 with {@code body}, as a misconfigured proxy in front of the API server might. */
    public void answerReviewsWith(String body) {
        server.stubFor(post(urlPathEqualTo(TOKEN_REVIEWS)).atPriority(1).willReturn(aResponse().withStatus(200).withBody(body)));
    }

    /** The Authorization header of every request received since the last reset, "" for a request without one. */
    public List<String> authorizationsReceived() {
        return server.getAllServeEvents().stream()
                .map(event -> event.getRequest().containsHeader("Authorization") ? event.getRequest().getHeader("Authorization") : "")
                .toList();
    }

    public int jwksRequests() {
        return server.countRequestsMatching(getRequestedFor(urlPathEqualTo(JWKS_PATH)).build()).getCount();
    }

    public int reviewRequests() {
        return server.countRequestsMatching(postRequestedFor(urlPathEqualTo(TOKEN_REVIEWS)).build()).getCount();
    }

    @Override
    public void close() {
        server.stop();
    }

    private void answerReview(String token, String bearer, ObjectNode review) {
        server.stubFor(withBearer(post(urlPathEqualTo(TOKEN_REVIEWS)), bearer).withRequestBody(matchingJsonPath("$.spec.token", equalTo(token)))
                .withRequestBody(matchingJsonPath("$.spec.audiences[0]", equalTo("rolegate")))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(review.toString())));
    }

    private static ObjectNode review(String token, List<String> audiences) {
        ObjectNode review = JSON.createObjectNode().put("kind", "TokenReview").put("apiVersion", "authentication.k8s.io/v1");
        review.putObject("metadata").putNull("creationTimestamp");
        ObjectNode spec = review.putObject("spec").put("token", token);
        audiences.forEach(spec.putArray("audiences")::add);
        return review;
    }

    private static MappingBuilder withBearer(MappingBuilder request, String bearer) {
        return request.atPriority(5).withHeader("Authorization", equalTo("Bearer " + bearer));
    }

    /** The API server's Status object, as it answers any failure. */
    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder status(int code, String reason, String message) {
        ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
        return aResponse().withStatus(code).withHeader("Content-Type", "application/json").withBody(status.toString());
    }
}
