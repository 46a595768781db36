package io.telemetrypoller.agent;

import io.telemetrypoller.config.InlineOptions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What {@code premain} needs from the options before they are parsed, read without parsing them (the
 * parse, and any error, happen on the start thread, off the host's path):
 * <ul>
 *   <li>whether it must parse them itself after all: {@code strict=} (a bad option must be able to stop
 *       the JVM) and {@code config=} (the file may name workers, or strict);</li>
 *   <li>the worker classes ({@code workers=} and {@code process_info:CLASS} in {@code measurements=}) and
 *       {@code executors=true}: their transformer must be in place before the host's {@code main} runs,
 *       so that none of them loads unwoven while the options are parsed.</li>
 * </ul>
 * A value here is only a first reading: the parse judges it, and undoes the transformer if it is invalid.
 */
final class LaunchOptions {
    private static final String[] PARSE_NOW = {"strict", "config"};
    private static final String PROCESS_INFO = "process_info:";
    private static final String THREAD_TARGET = "thread:";

    private LaunchOptions() {
    }

    static boolean parseInPremain(String options) {
        for (String key : PARSE_NOW) {
            if (InlineOptions.lastValue(options, key) != null) {
                return true;
            }
        }
        return false;
    }

    /** The classes of {@code workers=A+B} and of {@code measurements=...+process_info:C}, in that order. */
    static List<String> workerClasses(String options) {
        List<String> out = new ArrayList<>();
        String workers = InlineOptions.lastValue(options, "workers");
        if (workers != null) {
            for (String item : InlineOptions.listItems(workers)) {
                if (!item.isEmpty()) {
                    out.add(item);
                }
            }
        }
        String measurements = InlineOptions.lastValue(options, "measurements");
        if (measurements != null) {
            for (String m : InlineOptions.listItems(measurements)) {
                if (m.startsWith(PROCESS_INFO) && !m.startsWith(PROCESS_INFO + THREAD_TARGET)) {
                    String target = m.substring(PROCESS_INFO.length()).trim();
                    if (!target.isEmpty() && !out.contains(target)) {
                        out.add(target);
                    }
                }
            }
        }
        return out.isEmpty() ? Collections.<String>emptyList() : out;
    }

    static boolean executors(String options) {
        return "true".equals(InlineOptions.lastValue(options, "executors"));
    }
}
