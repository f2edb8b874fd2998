package dev.rolegate.agent;

import java.util.logging.Logger;

/**
 * {@code java -jar rolegate-agent.jar}: the node-local credential agent, configured by {@code ROLEGATE_AGENT_*}
 * environment variables (see {@link AgentConfig}). Exits with status 2 on a setting it cannot use, 1 when it cannot
 * start (a port in use, an unreadable CA file).
 */
public final class AgentMain {

    private static final Logger LOG = Logger.getLogger(AgentMain.class.getName());

    private AgentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        AgentConfig config;
        try {
            config = AgentConfig.fromEnvironment(System.getenv());
        } catch (AgentConfig.InvalidConfigException e) {
            System.err.println("rolegate-agent: " + e.getMessage());
            System.exit(2);
            return;
        }
        Agent agent;
        try {
            agent = Agent.start(config);
        } catch (Exception e) {
            System.err.println("rolegate-agent: cannot start: " + e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "rolegate-agent-shutdown"));
        LOG.info(() -> "rolegate-agent listening on http://" + config.listenHost() + ":" + agent.port() + ", admin on http://" + config.adminHost() + ":"
                + agent.adminPort() + ", forwarding to " + config.upstream());
        Thread.currentThread().join();
    }
}
