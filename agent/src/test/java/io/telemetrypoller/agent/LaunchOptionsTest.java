package io.telemetrypoller.agent;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LaunchOptionsTest {
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "'' => false",
        "period=5000 => false",
        "period=5000,sink=stdout,tags=a:b => false",
        "workers=a.B => true",
        "period=1, workers = a.B => true",
        "executors=true => true",
        "strict=false => true",
        "config=/etc/tp.json => true",
        "period=1,strict => true", // no value: still parsed now, so the error is strict's to judge
        "sink=stdout,name=workers => false", // a value, not a key
        "workersX=1 => false",
        ",,, => false",
    })
    void parsesInPremainOnlyWhatMustBeInPlaceBeforeMain(String options, boolean expected) {
        assertEquals(expected, LaunchOptions.parseInPremain(options));
    }

    @org.junit.jupiter.api.Test
    void noOptionsAtAll() {
        assertEquals(false, LaunchOptions.parseInPremain(null));
    }
}
