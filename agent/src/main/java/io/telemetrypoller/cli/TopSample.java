package io.telemetrypoller.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One reading of {@code top}'s feed (the property the agent's {@code TopFeed} writes): the header line
 * {@code top 1 SEQ INTERVAL_MS}, then one event a line, {@code NAME|key value|...|@metadata value}.
 */
final class TopSample {
    final long seq;
    final long intervalMs;
    final List<Event> events;

    private TopSample(long seq, long intervalMs, List<Event> events) {
        this.seq = seq;
        this.intervalMs = intervalMs;
        this.events = Collections.unmodifiableList(events);
    }

    /** The feed's text; IOException if it is not a feed of this version. */
    static TopSample parse(String text) throws IOException {
        String[] lines = text.split("\n");
        String[] head = lines[0].split(" ");
        if (head.length != 4 || !head[0].equals("top") || !head[1].equals("1")) {
            throw new IOException("not a top feed of this version: '" + lines[0] + "'");
        }
        List<Event> events = new ArrayList<>();
        for (int i = 1; i < lines.length && !lines[i].startsWith("end "); i++) {
            if (!lines[i].isEmpty()) {
                events.add(Event.of(lines[i]));
            }
        }
        try {
            return new TopSample(Long.parseLong(head[2]), Long.parseLong(head[3]), events);
        } catch (NumberFormatException e) {
            throw new IOException("not a top feed: '" + lines[0] + "'");
        }
    }

    /** The first event of that name ({@code vm.memory}), or an empty one. */
    Event first(String name) {
        for (Event e : events) {
            if (e.name.equals(name)) {
                return e;
            }
        }
        return Event.EMPTY;
    }

    /** Every event of that name, in the feed's order. */
    List<Event> all(String name) {
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            if (e.name.equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    /** One event: its name joined by dots, its measurements and metadata. */
    static final class Event {
        static final Event EMPTY = new Event("", Collections.<String, Object>emptyMap(),
                Collections.<String, Object>emptyMap());
        final String name;
        final Map<String, Object> measurements;
        final Map<String, Object> metadata;

        private Event(String name, Map<String, Object> measurements, Map<String, Object> metadata) {
            this.name = name;
            this.measurements = measurements;
            this.metadata = metadata;
        }

        /** {@code vm.process_info|cpu_time_ns 270155340|@name order-worker-1|@state RUNNABLE} (the agent's TopFeed). */
        static Event of(String line) throws IOException {
            String[] fields = line.split("\\|");
            Map<String, Object> m = new LinkedHashMap<>();
            Map<String, Object> md = new LinkedHashMap<>();
            for (int i = 1; i < fields.length; i++) {
                int space = fields[i].indexOf(' ');
                if (space < 1) {
                    throw new IOException("not a feed line: " + line);
                }
                String key = fields[i].substring(0, space);
                String value = fields[i].substring(space + 1);
                if (key.startsWith("@")) {
                    md.put(key.substring(1), value);
                } else {
                    m.put(key, number(value, line));
                }
            }
            return new Event(fields[0], m, md);
        }

        private static Number number(String s, String line) throws IOException {
            try {
                return s.indexOf('.') < 0 && s.indexOf('E') < 0 ? (Number) Long.parseLong(s) : (Number) Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IOException("not a number '" + s + "' in: " + line);
            }
        }

        boolean has(String key) {
            return measurements.get(key) instanceof Number;
        }

        /** The measurement as a long, or -1 if absent. */
        long num(String key) {
            Object v = measurements.get(key);
            return v instanceof Number ? ((Number) v).longValue() : -1;
        }

        /** The measurement as a double, or NaN if absent. */
        double dbl(String key) {
            Object v = measurements.get(key);
            return v instanceof Number ? ((Number) v).doubleValue() : Double.NaN;
        }

        /** The metadata value as text, or "" if absent. */
        String meta(String key) {
            Object v = metadata.get(key);
            return v == null ? "" : String.valueOf(v);
        }
    }
}
