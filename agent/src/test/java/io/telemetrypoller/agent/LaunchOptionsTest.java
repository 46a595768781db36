package io.telemetrypoller.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaunchOptionsTest {
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "'' => false",
        "period=5000 => false",
        "period=5000,sink=stdout,tags=a:b => false",
        "workers=a.B,executors=true => false", // their transformer is installed from a first reading
        "strict=false => true",
        "config=/etc/tp.json => true",
        "period=1, config = x.json => true",
        "period=1,strict => true", // no value: still parsed now, so the error is strict's to judge
        "sink=stdout,name=strict => false", // a value, not a key
        "strictX=1 => false",
        ",,, => false",
    })
    void parsesInPremainOnlyWhatMayStopTheJvmOrHideWorkers(String options, boolean expected) {
        assertEquals(expected, LaunchOptions.parseInPremain(options));
    }

    @Test
    void workerClassesComeFromWorkersThenProcessInfoTargets() {
        assertEquals(Arrays.asList("a.B", "c.D", "e.F"), LaunchOptions.workerClasses(
                "period=1, workers = a.B+ c.D ,measurements=memory+process_info:e.F+process_info:thread:main+process_info:a.B"));
        assertEquals(Collections.emptyList(), LaunchOptions.workerClasses("period=1,measurements=memory"));
        assertEquals(Collections.emptyList(), LaunchOptions.workerClasses(null));
        assertEquals(Arrays.asList("later.Wins"), LaunchOptions.workerClasses("workers=first.One,workers=later.Wins"));
    }

    @Test
    void executorsOnlyWhenTrue() {
        assertTrue(LaunchOptions.executors("period=1,executors=true"));
        assertFalse(LaunchOptions.executors("executors=false"));
        assertFalse(LaunchOptions.executors("executors=yes"));
        assertFalse(LaunchOptions.executors(""));
    }
}
