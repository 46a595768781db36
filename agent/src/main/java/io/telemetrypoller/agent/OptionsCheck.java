package io.telemetrypoller.agent;

import io.telemetrypoller.config.AgentConfig;
import io.telemetrypoller.config.ConfigException;
import io.telemetrypoller.config.ConfigParser;
import io.telemetrypoller.internal.AgentLog;

/**
 * Parses the options, or reports why they are refused: on stderr, in the attach reply, in the published
 * status. From {@code premain} with {@code strict=true} a refusal stops the JVM's start instead.
 */
final class OptionsCheck {
    private OptionsCheck() {
    }

    /**
     * The parsed options, or null once reported. From {@code premain} with {@code strict=true}, a bad
     * option throws a {@link StrictAbort}, which {@link #strictRefusal} turns back into the error to throw.
     */
    static AgentConfig parseOrReport(String options, ControlRequest request, boolean attached) {
        AgentLog.setLevel(ConfigParser.logLevel(options));
        try {
            AgentConfig config = ConfigParser.parse(options);
            AgentLog.setLevel(config.log());
            return config;
        } catch (ConfigException e) {
            AgentLog.error(e.getMessage());
            request.reply(false, e.getMessage());
            StatusProperties.publishFailure(e.getMessage());
            if (!attached && ConfigParser.isStrict(options)) {
                throw new StrictAbort(new IllegalArgumentException(
                        "telemetry-poller: " + e.getMessage() + " (strict=true)"));
            }
            return null;
        }
    }

    /** The error {@code premain} must let through when {@code t} is strict=true's refusal, else null. */
    static RuntimeException strictRefusal(Throwable t) {
        return t instanceof StrictAbort ? ((StrictAbort) t).error : null;
    }

    /** Carries strict=true's refusal past premain's catch-all. */
    private static final class StrictAbort extends RuntimeException {
        final IllegalArgumentException error;

        StrictAbort(IllegalArgumentException error) {
            super(null, null, false, false);
            this.error = error;
        }
    }
}
