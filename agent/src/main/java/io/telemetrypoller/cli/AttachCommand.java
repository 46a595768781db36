package io.telemetrypoller.cli;

import io.telemetrypoller.agent.ControlRequest;
import io.telemetrypoller.config.AgentConfig;
import io.telemetrypoller.config.ConfigException;
import io.telemetrypoller.config.ConfigParser;
import io.telemetrypoller.config.InlineOptions;
import io.telemetrypoller.config.SinkSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code attach [--replace] PID [OPTIONS]}: validates OPTIONS here first (nothing is attached when they
 * are invalid), then loads the agent, which starts, or reconfigures in place if it already runs. On a
 * running agent the OPTIONS given change only their keys (see {@link #merge}); {@code --replace} sends
 * them alone, as {@code -javaagent} would. Relative paths in {@code config=} and {@code file:} sinks are
 * made absolute against this command's working directory, since the target resolves them against its own.
 */
@Command(name = "attach", description = {
        "Load the agent into a running JVM, or reconfigure it in place if it already runs there.",
        "OPTIONS as for -javaagent, e.g. period=1000,sink=file:/tmp/t.jsonl"})
final class AttachCommand implements Callable<Integer> {
    @Mixin
    TargetJvm target;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OPTIONS",
            description = "key=value pairs joined by ',' (list items by '+'); none: every default")
    String options = "";

    @Option(names = "--replace", description = {"Replace the running configuration: keys left out return to"
            + " their defaults. Without it, the keys given change and the others keep their running values."})
    boolean replace;

    @Override
    public Integer call() throws CliException {
        parse(options, ""); // validated before anything is attached
        String given = absolutePaths(options, Paths.get("").toAbsolutePath());
        try (AttachApi.Target jvm = target.open()) {
            TargetStatus before = TargetStatus.of(jvm.systemProperties());
            Cli.requireCompatible(target.pid, before);
            String sent = replace || !before.running() ? given : merge(before.options(), given);
            AgentConfig config = parse(sent, " (the running options with yours: " + sent + "; --replace ignores"
                    + " the running ones)");
            String answer = Cli.send(jvm, ControlRequest.ATTACH, sent);
            target.out().println("pid " + target.pid + ": " + answer);
            TargetStatus after = TargetStatus.of(jvm.systemProperties());
            List<String> problems = after.sinkProblems();
            if (!problems.isEmpty()) { // the target's own reasons: a sink not created, or one that cannot write
                throw new CliException("pid " + target.pid + ": sink " + String.join("; sink ", problems)
                        + " (the other sinks run)");
            }
            List<String> missing = missingSinks(config, after.sinks());
            if (!missing.isEmpty()) {
                throw new CliException("pid " + target.pid + ": sink " + String.join(", ", missing)
                        + " did not start (its JVM's stderr says why); the others run");
            }
        }
        return 0;
    }

    private static AgentConfig parse(String options, String context) throws CliException {
        try {
            return ConfigParser.parse(options);
        } catch (ConfigException e) {
            throw new CliException(e.getMessage() + context + " (nothing was attached)");
        }
    }

    /**
     * The running OPTIONS with the given ones over them, key by key: {@code sink=file:/t.jsonl,period=500}
     * with {@code period=200} gives {@code sink=file:/t.jsonl,period=200}. A list value is replaced whole.
     */
    static String merge(String running, String given) {
        Map<String, String> merged = pairs(running);
        merged.putAll(pairs(given));
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : merged.entrySet()) {
            out.add(e.getKey() + "=" + e.getValue());
        }
        return String.join(",", out);
    }

    private static Map<String, String> pairs(String options) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String[] pair : InlineOptions.pairs(options)) {
            if (!pair[0].isEmpty() && pair[1] != null) {
                map.put(pair[0], pair[1]);
            }
        }
        return map;
    }

    /**
     * The configured sinks that are not running. A sink may describe itself otherwise than configured
     * ({@code prometheus://127.0.0.1:0} shows the port it took), so only a shortfall in number counts.
     */
    static List<String> missingSinks(AgentConfig config, List<String> running) {
        List<String> missing = new ArrayList<>();
        int shortfall = config.sinks().size() - running.size();
        if (shortfall <= 0) {
            return missing;
        }
        for (SinkSpec s : config.sinks()) {
            if (!running.contains(s.text())) {
                missing.add(s.text());
            }
        }
        return missing.size() == shortfall ? missing
                : Collections.singletonList(shortfall + " of " + config.sinks().size());
    }

    /** OPTIONS with relative {@code config=} and {@code file:} paths resolved against {@code cwd}. */
    static String absolutePaths(String options, Path cwd) {
        List<String[]> pairs = InlineOptions.pairs(options);
        for (String[] pair : pairs) {
            if (pair[1] == null) {
                continue;
            }
            if (pair[0].equals("config")) {
                pair[1] = absolute(pair[1], cwd);
            } else if (pair[0].equals("sink")) {
                List<String> items = InlineOptions.listItems(pair[1]);
                for (int j = 0; j < items.size(); j++) {
                    if (items.get(j).startsWith("file:")) {
                        items.set(j, "file:" + absolute(items.get(j).substring("file:".length()), cwd));
                    }
                }
                pair[1] = String.join("+", items);
            }
        }
        return InlineOptions.join(pairs);
    }

    private static String absolute(String path, Path cwd) {
        if (path.isEmpty() || Paths.get(path).isAbsolute()) {
            return path;
        }
        return cwd.resolve(path).normalize().toString();
    }
}
