package com.flownurture.dashboard;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A bar chart drawn as SVG by the template, with its geometry worked out here: one bar per day, scaled to the
 * highest day. Immutable.
 */
public record Chart(String title, List<Bar> bars, long max, long total) {

    static final int WIDTH = 600;
    static final int HEIGHT = 120;

    /** One day's bar: its position and height in the SVG's coordinates. */
    public record Bar(String day, long count, int x, int y, int width, int height) {
    }

    /**
     * @param counts the count per day, keyed by days since the epoch (UTC); days without an entry are zero
     */
    static Chart daily(String title, LocalDate today, int days, Map<Long, Long> counts) {
        long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        int slot = WIDTH / days;
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < days; i++) {
            LocalDate day = today.minusDays(days - 1 - i);
            long count = counts.getOrDefault(day.toEpochDay(), 0L);
            int height = max == 0 ? 0 : (int) Math.max(count > 0 ? 2 : 0, count * (HEIGHT - 10) / max);
            bars.add(new Bar(day.toString(), count, i * slot + 1, HEIGHT - height, slot - 2, height));
        }
        return new Chart(title, bars, max, total);
    }
}
