package dev.rolegate.kubernetes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The log records of {@code dev.rolegate.kubernetes} while open, formatted, with their level. */
final class CapturedLog extends Handler implements AutoCloseable {

    private static final Logger CATEGORY = Logger.getLogger("dev.rolegate.kubernetes");
    private final List<String> lines = new CopyOnWriteArrayList<>();

    CapturedLog() {
        setLevel(Level.ALL);
        CATEGORY.addHandler(this);
    }

    List<String> warnings() {
        return lines.stream().filter(line -> line.startsWith("WARN")).toList();
    }

    String all() {
        return String.join("\n", lines);
    }

    @Override
    public void publish(LogRecord record) {
        String message = record.getParameters() == null || record.getParameters().length == 0 ? record.getMessage()
                : String.format(record.getMessage(), record.getParameters());
        lines.add((record.getLevel().intValue() >= Level.WARNING.intValue() ? "WARN " : "INFO ") + message);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        CATEGORY.removeHandler(this);
    }
}
