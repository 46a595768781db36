/**
 * A small standalone "legacy" application used to exercise the telemetry-poller agent.
 *
 * <p>It depends on nothing but the JDK and knows nothing of the agent: everything the agent
 * reports about it (queue backlogs, threads, heap, GC, CPU) comes from watching it from outside.
 */
package io.telemetrypoller.example;
