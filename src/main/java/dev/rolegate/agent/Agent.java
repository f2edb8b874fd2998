package dev.rolegate.agent;

import com.github.benmanes.caffeine.cache.Ticker;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** The running agent: the credentials listener, the admin listener, and the cache and client behind them. */
public final class Agent implements AutoCloseable {

    /** Threads answering requests; a hit takes microseconds and a miss waits asynchronously, so a few suffice. */
    private static final int THREADS = 4;

    static {
        // Read once, when the JDK server is first used. Without nodelay, its separate writes of headers and body meet
        // the client's delayed ACK and every answer takes 40 ms; without the time limits it waits for a slow client forever.
        setUnlessSet("sun.net.httpserver.nodelay", "true");
        setUnlessSet("sun.net.httpserver.maxReqTime", "10");
        setUnlessSet("sun.net.httpserver.maxRspTime", "10");
    }

    private final HttpServer credentials;
    private final HttpServer admin;
    private final ExecutorService executor;
    private volatile boolean ready;

    private Agent(HttpServer credentials, HttpServer admin, ExecutorService executor) {
        this.credentials = credentials;
        this.admin = admin;
        this.executor = executor;
    }

    /** Binds both listeners and starts answering. */
    public static Agent start(AgentConfig config) throws IOException, GeneralSecurityException {
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, daemon());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.upstreamTimeout())
                .sslContext(UpstreamTls.context(config)).followRedirects(HttpClient.Redirect.NEVER).build();
        AgentMetrics metrics = new AgentMetrics();
        CredentialCache cache = new CredentialCache(config, new RolegateClient(config, http, metrics), Clock.systemUTC(), Ticker.systemTicker(), executor);
        metrics.observe(cache);
        HttpServer credentials = HttpServer.create(new InetSocketAddress(config.listenHost(), config.listenPort()), 128);
        credentials.createContext("/", new CredentialsHandler(cache, metrics, config.upstreamTimeout().plusSeconds(1)));
        credentials.setExecutor(executor);
        Agent agent;
        try {
            HttpServer admin = HttpServer.create(new InetSocketAddress(config.adminHost(), config.adminPort()), 16);
            agent = new Agent(credentials, admin, executor);
            admin.createContext("/", new AdminHandler(metrics, () -> agent.ready));
            admin.setExecutor(executor);
        } catch (IOException | RuntimeException e) {
            credentials.stop(0);
            throw e;
        }
        agent.credentials.start();
        agent.admin.start();
        agent.ready = true;
        return agent;
    }

    /** The port SDKs call, useful when the configured one was 0. */
    public int port() {
        return credentials.getAddress().getPort();
    }

    public int adminPort() {
        return admin.getAddress().getPort();
    }

    /** Stops answering: readiness first, then both listeners, letting exchanges in progress finish for a second. */
    @Override
    public void close() {
        ready = false;
        credentials.stop(1);
        admin.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void setUnlessSet(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return runnable -> {
            Thread thread = new Thread(runnable, "rolegate-agent");
            thread.setDaemon(true);
            return thread;
        };
    }
}
