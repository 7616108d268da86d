package com.flownurture.dashboard;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A bar chart over days that says what it shows: a time axis labelled with dates (a readable subset when there
 * are many bars, always the first and the last), a value scale from 0 to a round maximum, axis titles, and each
 * bar's date and exact value on hover. The geometry is worked out here and drawn as SVG by {@code bar-chart.jte}
 * ({@code @template.bar-chart(chart = ...)}), so every chart of the dashboard reads the same. Immutable.
 *
 * @param values the value scale's ticks, bottom (0) to top; {@code position} is a y coordinate
 * @param dates  the time axis's labelled ticks, left to right; {@code position} is the x of the bar's centre
 */
public record BarChart(String title, String valueTitle, String timeTitle, String emptyText, List<Bar> bars,
                       List<Tick> values, List<Tick> dates, long max, long total) {

    /** The SVG's size (its viewBox) and the plot area inside it; the margins hold the labels and titles. */
    public static final int WIDTH = 640;
    public static final int HEIGHT = 190;
    public static final int LEFT = 56;
    public static final int RIGHT = WIDTH - 8;
    public static final int TOP = 10;
    public static final int BOTTOM = 150;

    /** About how many dates fit under the axis without running into each other. */
    static final int MAX_DATE_LABELS = 7;
    /** How many steps the value scale aims at; round steps make it three to five. */
    static final int VALUE_STEPS = 4;

    private static final DateTimeFormatter DATE_LABEL = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

    /** One day's value. */
    public record Day(LocalDate day, long value) {
    }

    /** One day's bar: its position and height in the SVG's coordinates. */
    public record Bar(LocalDate day, long value, int x, int y, int width, int height) {

        /** What hovering the bar shows: the date and the exact value. */
        public String tooltip() {
            return day + ": " + value;
        }
    }

    /** A labelled tick on an axis. */
    public record Tick(String label, int position) {
    }

    /** Whether there is nothing to draw: no day, or only zeros (the chart then says so instead of bars' heights). */
    public boolean empty() {
        return max == 0;
    }

    /**
     * A chart of the last {@code days} days up to {@code today}.
     *
     * @param counts the count per day, keyed by days since the epoch; days without an entry are zero
     */
    static BarChart daily(String title, String valueTitle, LocalDate today, int days, Map<Long, Long> counts) {
        List<Day> series = new ArrayList<>();
        for (int i = 0; i < days; i++) {
            LocalDate day = today.minusDays(days - 1 - i);
            series.add(new Day(day, counts.getOrDefault(day.toEpochDay(), 0L)));
        }
        return of(title, valueTitle, "Day (UTC)", "Nothing in these " + days + " days", series);
    }

    /** A chart of a series of days, oldest first; values are counts (0 or more). */
    static BarChart of(String title, String valueTitle, String timeTitle, String emptyText, List<Day> series) {
        long max = series.stream().mapToLong(Day::value).max().orElse(0);
        long total = series.stream().mapToLong(Day::value).sum();
        long step = step(max);
        long top = max == 0 ? 0 : (max + step - 1) / step * step;
        int plotHeight = BOTTOM - TOP;
        List<Tick> values = new ArrayList<>();
        for (long v = 0; v <= top; v += step) {
            values.add(new Tick(Long.toString(v), top == 0 ? BOTTOM : (int) (BOTTOM - v * plotHeight / top)));
        }
        int n = series.size();
        int slot = n == 0 ? 0 : (RIGHT - LEFT) / n;
        List<Bar> bars = new ArrayList<>();
        List<Tick> dates = new ArrayList<>();
        int every = Math.max(1, (n + MAX_DATE_LABELS - 1) / MAX_DATE_LABELS);
        for (int i = 0; i < n; i++) {
            Day day = series.get(i);
            int height = top == 0 ? 0 : (int) Math.max(day.value() > 0 ? 1 : 0, day.value() * plotHeight / top);
            int x = LEFT + i * slot;
            bars.add(new Bar(day.day(), day.value(), x + 1, BOTTOM - height, Math.max(1, slot - 2), height));
            // the last date is always shown, so a regular one too close before it gives way
            boolean regular = i % every == 0 && n - 1 - i >= (every + 1) / 2;
            if (regular || i == n - 1) {
                dates.add(new Tick(DATE_LABEL.format(day.day()), x + slot / 2));
            }
        }
        return new BarChart(title, valueTitle, timeTitle, emptyText, bars, values, dates, max, total);
    }

    /** The smallest round step (1, 2 or 5 times a power of ten) dividing {@code max} into at most a few steps. */
    static long step(long max) {
        long magnitude = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (m * magnitude * VALUE_STEPS >= max) {
                    return m * magnitude;
                }
            }
            magnitude *= 10;
        }
    }
}
