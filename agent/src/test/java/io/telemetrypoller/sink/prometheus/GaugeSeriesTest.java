package io.telemetrypoller.sink.prometheus;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A last value written from several threads: each scrape shows a value updated since the one before. */
class GaugeSeriesTest {
    private final GaugeSeries gauge = new GaugeSeries("", new PollCount());

    @Test
    void aScrapeShowsTheValueOfTheCellUpdatedSinceThePreviousOne() throws Exception {
        assertEquals("g 0.0\n", scrape(), "made, not yet updated");
        gauge.update(1);
        assertEquals("g 1.0\n", scrape());
        Thread other = otherStripe(() -> gauge.update(2));
        assertEquals("g 2.0\n", scrape(), "the other thread's update, though this thread's cell holds 1");
        gauge.update(3);
        assertEquals("g 3.0\n", scrape(), "this thread's again: the other cell is quiet");
        assertEquals("g 3.0\n", scrape(), "no update: the value shown stays");
        otherStripe(() -> gauge.update(4)).join();
        assertEquals("g 4.0\n", scrape());
        other.join();
    }

    @Test
    void oneThreadsUpdatesKeepTheirOrder() {
        for (int i = 1; i <= 1000; i++) {
            gauge.update(i);
        }
        assertEquals("g 1000.0\n", scrape());
    }

    /** Runs {@code update} on a thread whose id falls in another stripe than this thread's, and waits for it. */
    private static Thread otherStripe(Runnable update) throws InterruptedException {
        long mine = Thread.currentThread().getId() & (GaugeSeries.STRIPES - 1);
        while (true) {
            Thread t = new Thread(update);
            if ((t.getId() & (GaugeSeries.STRIPES - 1)) != mine) {
                t.start();
                t.join();
                assertNotEquals(mine, t.getId() & (GaugeSeries.STRIPES - 1));
                return t;
            }
        }
    }

    private String scrape() {
        StringBuilder out = new StringBuilder();
        gauge.render(out, "g");
        return out.toString();
    }
}
