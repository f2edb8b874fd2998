package dev.rolegate.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** A child process's output, read on a daemon thread so the process never blocks on a full pipe; each line also goes to a listener. */
public final class ProcessOutput {

    private final StringBuffer text = new StringBuffer();

    private ProcessOutput() {
    }

    /** Starts reading {@code process}'s standard output (merge stderr into it when starting the process). */
    public static ProcessOutput follow(Process process, String threadName, Consumer<String> eachLine) {
        ProcessOutput output = new ProcessOutput();
        Thread reader = new Thread(() -> output.read(process, eachLine), threadName);
        reader.setDaemon(true);
        reader.start();
        return output;
    }

    private void read(Process process, Consumer<String> eachLine) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                text.append(line).append('\n');
                eachLine.accept(line);
            }
        } catch (IOException e) {
            text.append("[output closed: ").append(e.getMessage()).append("]\n");
        }
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
