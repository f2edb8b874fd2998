package dev.rolegate.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs a {@link PackagedBroker}'s load across one database fault: the three credential formats and the
 * two portal reads, each from its own threads, first for a baseline, then while the fault lasts,
 * then until every route has answered 2xx again or the recovery bound has passed. Returns the answers
 * cut at the fault's start and end, and the lines the application printed from the fault's start on.
 */
public final class FaultDrill {

    private static final Pattern TABLE_NAME = Pattern.compile("[a-z_]+");
    private static final Duration PORTAL_PAUSE = Duration.ofMillis(100);

    private FaultDrill() {
    }

    /** Something that goes wrong with the database between {@link #begin} and {@link #end}. */
    public interface Fault {

        void begin() throws Exception;

        void end() throws Exception;
    }

    /** How long each part lasts, and how hard the credential load is (threads per format, each pausing between requests). */
    public record Plan(Duration baseline, Duration fault, Duration recoveryBound, int threadsPerFormat, Duration pause) {
    }

    /** The answers of every route across the fault, and the application's lines while it lasted and after it, until the run ended. */
    public record Outcome(FaultRun run, LogLines duringFault, LogLines afterFault, List<String> credentialRoutes, List<String> portalRoutes) {

        /** Every line from the fault's start to the end of the run. */
        public LogLines fromFaultOn() {
            List<String> lines = new ArrayList<>(duringFault.lines());
            lines.addAll(afterFault.lines());
            return new LogLines(lines);
        }

        public List<String> routes() {
            List<String> all = new ArrayList<>(credentialRoutes);
            all.addAll(portalRoutes);
            return all;
        }
    }

    public static Outcome run(PackagedBroker broker, String name, Fault fault, Plan plan) throws Exception {
        Duration bound = plan.baseline().plus(plan.fault()).plus(plan.recoveryBound()).plusSeconds(10);
        LoadDriver credentialLoad = LoadDriver.start(name, broker.credentialTargets(), plan.threadsPerFormat(), plan.pause(), bound);
        LoadDriver portalLoad = LoadDriver.start(name + "-portal", broker.portalTargets(), 1, PORTAL_PAUSE, bound);
        int logFrom;
        int logFaultEnd;
        long faultStart;
        long faultEnd;
        try {
            TimeUnit.MILLISECONDS.sleep(plan.baseline().toMillis());
            logFrom = broker.app().output().length();
            // The fault counts from the moment it is set off: a stop takes a moment, and answers meanwhile are the fault's.
            faultStart = System.nanoTime();
            fault.begin();
            try {
                TimeUnit.MILLISECONDS.sleep(plan.fault().toMillis());
            } finally {
                // The fault ends when its undoing begins: a restart takes a moment, and answers meanwhile belong to the recovery.
                faultEnd = System.nanoTime();
                fault.end();
                logFaultEnd = broker.app().output().length();
            }
            awaitRecovery(credentialLoad, portalLoad, faultEnd, plan.recoveryBound());
        } finally {
            credentialLoad.stop();
            portalLoad.stop();
        }
        List<LoadDriver.Answer> answers = new ArrayList<>(credentialLoad.answers());
        answers.addAll(portalLoad.answers());
        String output = broker.app().output();
        return new Outcome(new FaultRun(answers, faultStart, faultEnd), LogLines.between(output, logFrom, logFaultEnd),
                LogLines.between(output, logFaultEnd, output.length()), credentialLoad.targets(), portalLoad.targets());
    }

    /** PostgreSQL stopped (fast shutdown: connections cut, new ones refused) and started again with the same data. */
    public static Fault stopDatabase(RestartablePostgres database) {
        return new Fault() {
            @Override
            public void begin() throws Exception {
                database.stop();
            }

            @Override
            public void end() throws Exception {
                database.startAgain();
            }
        };
    }

    /** Another session holds {@code LOCK TABLE <table> IN ACCESS EXCLUSIVE MODE}: every read and write of it waits. */
    public static Fault lockTable(RestartablePostgres database, String table) {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        return new Fault() {
            private Connection holder;

            @Override
            public void begin() throws SQLException {
                holder = database.connect();
                holder.setAutoCommit(false);
                try (Statement lock = holder.createStatement()) {
                    lock.execute("lock table " + table + " in access exclusive mode");
                }
            }

            @Override
            public void end() throws SQLException {
                try {
                    holder.rollback();
                } finally {
                    holder.close();
                }
            }
        };
    }

    private static void awaitRecovery(LoadDriver credentialLoad, LoadDriver portalLoad, long faultEnd, Duration bound) throws InterruptedException {
        long deadline = faultEnd + bound.toNanos();
        while (System.nanoTime() < deadline && !(recovered(credentialLoad, faultEnd) && recovered(portalLoad, faultEnd))) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** Every target of the load has answered 2xx to a request sent after the fault ended. */
    private static boolean recovered(LoadDriver load, long faultEnd) {
        List<LoadDriver.Answer> answers = load.answers();
        return load.targets().stream().allMatch(t -> answers.stream().anyMatch(a -> a.target().equals(t) && a.isOk() && a.startedAt() >= faultEnd));
    }
}
