package io.telemetrypoller.sink.otlp;

/**
 * Reads {@code ExportMetricsServiceResponse.partial_success.rejected_data_points} (fields 1 then 1) from
 * a protobuf answer: the few bytes of wire format that matter, skipping every other field.
 */
final class PartialSuccess {
    private PartialSuccess() {
    }

    /** Rejected data points, 0 when none or when the body is not what OTLP answers. */
    static long rejectedPoints(byte[] body) {
        try {
            int[] pos = {0};
            while (pos[0] < body.length) {
                long tag = varint(body, pos);
                if (tag == ((1 << 3) | 2)) {
                    int len = (int) varint(body, pos);
                    int end = pos[0] + len;
                    while (pos[0] < end) {
                        long inner = varint(body, pos);
                        if (inner == ((1 << 3) | 0)) {
                            return varint(body, pos);
                        }
                        skip(body, pos, (int) (inner & 7));
                    }
                    return 0;
                }
                skip(body, pos, (int) (tag & 7));
            }
        } catch (RuntimeException e) {
            return 0; // not protobuf (an HTML error page from a proxy): nothing to count
        }
        return 0;
    }

    private static void skip(byte[] b, int[] pos, int wireType) {
        switch (wireType) {
            case 0:
                varint(b, pos);
                break;
            case 1:
                pos[0] += 8;
                break;
            case 2:
                int len = (int) varint(b, pos);
                pos[0] += len;
                break;
            case 5:
                pos[0] += 4;
                break;
            default:
                throw new IllegalArgumentException("wire type " + wireType);
        }
    }

    private static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = b[pos[0]++];
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }
}
