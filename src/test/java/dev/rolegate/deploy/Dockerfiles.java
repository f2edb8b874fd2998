package dev.rolegate.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions of a Dockerfile that can be checked without a container engine: its COPY sources, its USER,
 * WORKDIR, ENV and ENTRYPOINT. Continuation lines are joined and comments dropped; ENV takes {@code KEY=value} and
 * {@code KEY="quoted value"} pairs.
 */
record Dockerfiles(String from, List<String> copySources, String user, String workdir, Map<String, String> env, String entrypoint) {

    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");

    static Dockerfiles parse(Path file) {
        String from = null;
        String user = null;
        String workdir = null;
        String entrypoint = null;
        List<String> copies = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : instructions(file)) {
            String[] parts = line.split("\\s+", 2);
            String args = parts.length > 1 ? parts[1].trim() : "";
            switch (parts[0].toUpperCase()) {
                case "FROM" -> from = args;
                case "USER" -> user = args;
                case "WORKDIR" -> workdir = args.replaceAll("/$", "");
                case "ENTRYPOINT" -> entrypoint = args;
                case "COPY" -> copies.addAll(copySources(args));
                case "ENV" -> {
                    Matcher m = ENV_PAIR.matcher(args);
                    while (m.find()) {
                        env.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
                    }
                }
                default -> { }
            }
        }
        return new Dockerfiles(from, copies, user, workdir, env, entrypoint);
    }

    /** The sources of one COPY: every word but the flags and the destination. */
    private static List<String> copySources(String args) {
        List<String> words = new ArrayList<>(List.of(args.split("\\s+")));
        words.removeIf(w -> w.startsWith("--"));
        return words.subList(0, words.size() - 1);
    }

    private static List<String> instructions(Path file) {
        try {
            List<String> result = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String raw : Files.readAllLines(file)) {
                String line = raw.strip();
                if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
                    continue;
                }
                if (line.endsWith("\\")) {
                    current.append(line, 0, line.length() - 1).append(' ');
                } else {
                    result.add(current.append(line).toString().strip());
                    current.setLength(0);
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
