package io.telemetrypoller.sink.json;

import io.telemetrypoller.internal.IsoTime;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Encodes one event as one JSON object on one line, straight to UTF-8 bytes in a reused buffer:
 * <pre>{"time":"2026-11-22T13:00:00.123Z","event":["vm","memory"],"measurements":{"total":123456},"metadata":{}}</pre>
 * Non-finite numbers (NaN, infinities) have no JSON form and are left out of the measurements, as is
 * any measurement that is not a number at all; in the metadata they are written as strings. Metadata
 * values that are not strings, numbers, booleans, lists or maps are written as their {@code toString()};
 * lists and maps nest up to {@value #MAX_DEPTH} deep, deeper ones are written as their {@code toString()}.
 *
 * <p>Written by hand rather than with jackson-core's generator, with the same output byte for byte
 * (JsonLineEncoderTest checks it against jackson-core): at one poll a second the poller's code runs
 * interpreted for minutes, and the generator's path (characters, a {@code Writer}, then an encoding
 * pass) cost about half of each poll; this writes each byte once. Strings are escaped as jackson-core
 * does ({@code \" \\ \b \t \n \f \r}, other controls as {@code \\u00XX}); a lone surrogate becomes
 * {@code ?}, as {@link String#getBytes} makes it.
 *
 * <p>Not thread-safe: the owning sink serialises calls.
 */
public final class JsonLineEncoder {
    static final int MAX_DEPTH = 8;
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};
    private static final byte[] TIME = "{\"time\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "\",\"event\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MEASUREMENTS = "],\"measurements\":{".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] METADATA = "},\"metadata\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf = new byte[512];
    private int len;
    private long cachedMillis = Long.MIN_VALUE;
    private long cachedDay = Long.MIN_VALUE;
    private final byte[] cachedTime = new byte[IsoTime.LENGTH];

    /** Replaces the buffer's content with the line of this event (ending in a newline). */
    public void encode(long timeMillis, List<String> event, Map<String, ? extends Number> measurements,
                       Map<String, ?> metadata) {
        len = 0;
        put(TIME);
        putTime(timeMillis);
        put(EVENT);
        for (int i = 0; i < event.size(); i++) {
            if (i > 0) {
                put((byte) ',');
            }
            putString(event.get(i));
        }
        put(MEASUREMENTS);
        boolean first = true;
        // read as Object: a caller using raw types can smuggle any value into the map
        for (Map.Entry<?, ?> e : ((Map<?, ?>) measurements).entrySet()) {
            Object v = e.getValue();
            if (v instanceof Number && isFinite((Number) v)) {
                if (!first) {
                    put((byte) ',');
                }
                first = false;
                putString(String.valueOf(e.getKey()));
                put((byte) ':');
                putNumber((Number) v);
            }
        }
        put(METADATA);
        putValue(metadata, 0);
        put((byte) '}');
        put((byte) '\n');
    }

    /** The buffer holding the last line, from 0 to {@link #length()}. */
    public byte[] bytes() {
        return buf;
    }

    public int length() {
        return len;
    }

    static boolean isFinite(Number n) {
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            return !Double.isNaN(d) && !Double.isInfinite(d);
        }
        return true;
    }

    private void putTime(long millis) {
        if (millis != cachedMillis) {
            long day = Math.floorDiv(millis, IsoTime.MILLIS_PER_DAY);
            if (day != cachedDay) {
                IsoTime.formatDate(day, cachedTime);
                cachedDay = day;
            }
            IsoTime.formatTimeOfDay((int) (millis - day * IsoTime.MILLIS_PER_DAY), cachedTime);
            cachedMillis = millis;
        }
        put(cachedTime);
    }

    private void putNumber(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            putLong(n.longValue());
        } else if (n instanceof BigInteger || n instanceof BigDecimal) {
            putAscii(n.toString());
        } else {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                put(NULL);
            } else if (!putThousandths(d)) {
                putAscii(Double.toString(d));
            }
        }
    }

    /**
     * Writes {@code d} as {@link Double#toString} would when it is a whole number of thousandths below
     * 10^7 (the run queue's values, rounded to 3 decimals, and zero): {@code 4.012}, {@code 3.0},
     * {@code -0.5}. There the shortest decimal that reads back as {@code d} is that number of thousandths
     * (no other decimal of as few digits lies within half an ulp), which is what {@code Double.toString}
     * prints (checked on JDK 17 and 25 for every thousandth below 30,000 and 20 million random ones below
     * 10^7). Cold, {@code Double.toString} costs more than the rest of an event's line. False otherwise.
     */
    private boolean putThousandths(double d) {
        double scaled = d * 1000;
        if (!(scaled > -1e10 && scaled < 1e10)) {
            return false;
        }
        long k = Math.round(scaled);
        if (k / 1000.0 != d) {
            return false;
        }
        if (k == 0) {
            if (Double.doubleToRawLongBits(d) != 0L) {
                put((byte) '-'); // -0.0
            }
            put((byte) '0');
            put((byte) '.');
            put((byte) '0');
            return true;
        }
        if (k < 0) {
            put((byte) '-');
            k = -k;
        }
        putLong(k / 1000);
        put((byte) '.');
        int fraction = (int) (k % 1000);
        if (fraction == 0) {
            put((byte) '0');
        } else {
            ensure(3);
            buf[len++] = (byte) ('0' + fraction / 100);
            if (fraction % 100 != 0) {
                buf[len++] = (byte) ('0' + fraction / 10 % 10);
                if (fraction % 10 != 0) {
                    buf[len++] = (byte) ('0' + fraction % 10);
                }
            }
        }
        return true;
    }

    private void putValue(Object v, int depth) {
        if (v == null) {
            put(NULL);
        } else if (v instanceof String) {
            putString((String) v);
        } else if (v instanceof Boolean) {
            put((Boolean) v ? TRUE : FALSE);
        } else if (v instanceof Number) {
            if (isFinite((Number) v)) {
                putNumber((Number) v);
            } else {
                putString(v.toString());
            }
        } else if (v instanceof Map && depth < MAX_DEPTH) {
            put((byte) '{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) {
                    put((byte) ',');
                }
                first = false;
                putString(String.valueOf(e.getKey()));
                put((byte) ':');
                putValue(e.getValue(), depth + 1);
            }
            put((byte) '}');
        } else if (v instanceof Collection && depth < MAX_DEPTH) {
            put((byte) '[');
            boolean first = true;
            for (Object item : (Collection<?>) v) {
                if (!first) {
                    put((byte) ',');
                }
                first = false;
                putValue(item, depth + 1);
            }
            put((byte) ']');
        } else {
            putString(String.valueOf(v));
        }
    }

    private void putLong(long v) {
        if (v == Long.MIN_VALUE) {
            putAscii("-9223372036854775808");
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long rest = v / 10; rest != 0; rest /= 10) {
            digits++;
        }
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        len += digits;
    }

    /** A quoted, escaped JSON string in UTF-8. */
    private void putString(String s) {
        int n = s.length();
        ensure(n * 6 + 2); // the longest form of a char: \\u00XX, or 3 bytes of UTF-8
        byte[] b = buf;
        int at = len;
        b[at++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    b[at++] = '\\';
                }
                b[at++] = (byte) c;
            } else if (c < 0x20) {
                at = putControl(b, at, c);
            } else if (c < 0x800) {
                b[at++] = (byte) (0xC0 | (c >> 6));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[at++] = (byte) (0xF0 | (cp >> 18));
                b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                b[at++] = '?'; // a lone surrogate: what String.getBytes(UTF_8) writes
            } else {
                b[at++] = (byte) (0xE0 | (c >> 12));
                b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[at++] = '"';
        len = at;
    }

    private static int putControl(byte[] b, int at, char c) {
        b[at++] = '\\';
        switch (c) {
            case '\b': b[at++] = 'b'; break;
            case '\t': b[at++] = 't'; break;
            case '\n': b[at++] = 'n'; break;
            case '\f': b[at++] = 'f'; break;
            case '\r': b[at++] = 'r'; break;
            default:
                b[at++] = 'u';
                b[at++] = '0';
                b[at++] = '0';
                b[at++] = HEX[c >> 4];
                b[at++] = HEX[c & 0xF];
        }
        return at;
    }

    /** Text known to be ASCII (numbers). */
    private void putAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            byte[] bigger = new byte[Math.max(buf.length * 2, len + more)];
            System.arraycopy(buf, 0, bigger, 0, len);
            buf = bigger;
        }
    }
}
