package io.telemetrypoller.cli;

/**
 * A command that could not do its job: the message is the one line printed after
 * {@code telemetry-poller: }, and the exit status is 1.
 */
final class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }
}
