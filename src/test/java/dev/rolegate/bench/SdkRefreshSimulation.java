package dev.rolegate.bench;

import static dev.rolegate.testsupport.PortalApi.newProject;
import static dev.rolegate.testsupport.PortalApi.randomRoleArn;
import static io.restassured.RestAssured.given;

import dev.rolegate.session.RefreshRunner;
import dev.rolegate.testsupport.Accounts;
import dev.rolegate.testsupport.FakeSts;
import dev.rolegate.testsupport.FakeStsResource;
import dev.rolegate.testsupport.MutableClock;
import dev.rolegate.testsupport.Sql;
import dev.rolegate.testsupport.Workers;
import io.agroal.api.AgroalDataSource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Fetches per session for a client that makes one API call a second for 70 minutes against an account of 1 h sessions,
 * for each SDK's refresh rule ({@link SdkRefreshRules}), one worker per SDK. Simulated time: the shared
 * {@link MutableClock} moves one second per call, and the refresh scheduler runs every 5 simulated seconds, as its
 * tick, through {@link RefreshRunner#runOnce}. Fetches are real GETs of the container-credentials endpoint. The counts
 * depend only on the rules, the seeded jitter of the Java model and rolegate's windows, never on wall-clock time.
 *
 * <p>Subclasses run it with rolegate's windows as shipped and as they were before the SDK windows were adopted.
 */
abstract class SdkRefreshSimulation {

    private static final Logger LOG = Logger.getLogger(SdkRefreshSimulation.class);
    static final Duration RUN = Duration.ofMinutes(70);
    private static final Duration CALL_EVERY = Duration.ofSeconds(1);
    private static final int TICK_EVERY_CALLS = 5;
    private static final int SESSION_SECONDS = 3600;

    @Inject
    RefreshRunner runner;
    @Inject
    AgroalDataSource dataSource;

    private final FakeSts sts = FakeStsResource.fake();
    private final MutableClock clock = MutableClock.shared();

    @BeforeEach
    void onlyThisRunsSessionsAreDue() {
        clock.reset();
        Sql.execute(dataSource, "delete from aws_session");
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    /** Fetches of each session (by access key id) per SDK, in the order the sessions were first served. */
    record Result(Map<String, Map<String, Integer>> fetchesPerSession) {

        int fetches(String sdk) {
            return fetchesPerSession.get(sdk).values().stream().mapToInt(Integer::intValue).sum();
        }

        int sessions(String sdk) {
            return fetchesPerSession.get(sdk).size();
        }

        int mostFetchesOfOneSession(String sdk) {
            return fetchesPerSession.get(sdk).values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }

        String summary() {
            return fetchesPerSession.keySet().stream()
                    .map(sdk -> sdk + ": " + fetches(sdk) + " fetches of " + sessions(sdk) + " sessions " + fetchesPerSession.get(sdk).values())
                    .collect(Collectors.joining("; "));
        }
    }

    Result simulate(List<SdkRefreshRules> clients) {
        String project = newProject();
        UUID account = Accounts.connected(sts, project, randomRoleArn(), SESSION_SECONDS, 43200);
        Map<String, Map<String, Integer>> perSession = new LinkedHashMap<>();
        Map<SdkRefreshRules, String> tokens = new LinkedHashMap<>();
        for (SdkRefreshRules client : clients) {
            Workers.Token worker = Workers.newToken(project);
            Workers.grant(project, worker, account);
            tokens.put(client, worker.secret());
            perSession.put(client.toString(), new LinkedHashMap<>());
        }
        String path = "/v1/container-credentials/" + project + "/" + account;
        long calls = RUN.dividedBy(CALL_EVERY);
        for (long call = 0; call < calls; call++) {
            if (call % TICK_EVERY_CALLS == 0) {
                runner.runOnce("sdk-simulation");
            }
            Instant now = clock.instant();
            for (Map.Entry<SdkRefreshRules, String> client : tokens.entrySet()) {
                if (client.getKey().fetchesAt(now)) {
                    JsonPath credentials = given().header("Authorization", client.getValue()).get(path).then().statusCode(200).extract().jsonPath();
                    client.getKey().received(now, Instant.parse(credentials.getString("Expiration")));
                    perSession.get(client.getKey().toString()).merge(credentials.getString("AccessKeyId"), 1, Integer::sum);
                }
            }
            clock.advance(CALL_EVERY);
        }
        Result result = new Result(perSession);
        LOG.infof("SDK refresh simulation (%s): %s", getClass().getSimpleName(), result.summary());
        return result;
    }

    /** One worker per SDK; the Java SDK's prefetch is jittered, so four workers with different (fixed) seeds. */
    static List<SdkRefreshRules> everySdk() {
        return List.of(SdkRefreshRules.botocore(), SdkRefreshRules.javaScriptV3(),
                new SdkRefreshRules.JavaV2(1), new SdkRefreshRules.JavaV2(2), new SdkRefreshRules.JavaV2(3), new SdkRefreshRules.JavaV2(4));
    }
}
