package io.telemetrypoller.sink.otlp;

import io.telemetrypoller.config.ConfigException;
import io.telemetrypoller.config.SinkSpec;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The environment's OTLP settings under the sink's own, and the one-line errors. */
class OtlpSettingsTest {
    private static OtlpSettings resolve(Map<String, String> env, String protocol) throws ConfigException {
        return OtlpSettings.resolve(SinkSpec.parse("otlp://127.0.0.1:4318"), env, null, protocol,
                Collections.<String, String>emptyMap());
    }

    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void theProtocolIsTheOptionsElseTheMetricsVariableElseTheGeneralOne() throws ConfigException {
        assertFalse(resolve(env(), null).json());
        assertTrue(resolve(env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json"), null).json());
        assertFalse(resolve(env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json",
                "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "http/protobuf"), null).json());
        assertFalse(resolve(env("OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "http/json"), "http/protobuf").json());
        assertTrue(resolve(env("OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "grpc"), "http/json").json(),
                "the option wins: the variable is not even read");
    }

    @Test
    void theInstanceIdIsARandomVersion4Uuid() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = OtlpSettings.randomUuid();
            java.util.UUID u = java.util.UUID.fromString(id);
            assertEquals(4, u.version(), id);
            assertEquals(2, u.variant(), id);
            assertTrue(seen.add(id), id);
        }
    }

    @Test
    void grpcIsOneLineNamingTheVariable() {
        assertEquals("invalid OTEL_EXPORTER_OTLP_METRICS_PROTOCOL 'grpc': expected http/protobuf or http/json (this "
                + "agent sends no gRPC: see docs/reporters.md)", assertThrows(ConfigException.class,
                () -> resolve(env("OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "grpc"), null)).getMessage());
    }

    @Test
    void aHeaderThatWouldSplitTheRequestIsRefusedWithoutShowingIt() {
        for (String headers : new String[] {"api-key=s3cret%0D%0AX-Injected:%201", "bad%20name=s3cret", "api-key=s3cret%00"}) {
            String message = assertThrows(ConfigException.class,
                    () -> resolve(env("OTEL_EXPORTER_OTLP_HEADERS", headers), null)).getMessage();
            assertEquals("invalid OTEL_EXPORTER_OTLP_HEADERS: a name is not an HTTP token or a value holds a control "
                    + "character (values not shown)", message, headers);
        }
    }
}
