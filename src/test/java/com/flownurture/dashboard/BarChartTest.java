package com.flownurture.dashboard;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bar chart as the dashboard draws it: {@code bar-chart.jte} rendered and read back as XML. */
class BarChartTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 8);

    @Test
    void everyBarHoldsItsDateAndExactValueOnTheScale() {
        Map<Long, Long> counts = Map.of(TODAY.toEpochDay(), 103L, TODAY.minusDays(29).toEpochDay(), 7L,
                TODAY.minusDays(3).toEpochDay(), 41L);
        BarChart chart = BarChart.daily("Emails sent per day", "Emails", TODAY, 30, counts);
        Document svg = render(chart);

        NodeList bars = svg.getElementsByTagName("rect");
        assertEquals(30, bars.getLength());
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < bars.getLength(); i++) {
            NodeList title = ((Element) bars.item(i)).getElementsByTagName("title");
            assertEquals(1, title.getLength(), "one title per bar");
            titles.add(title.item(0).getTextContent());
        }
        assertEquals("2026-11-09: 7", titles.get(0));
        assertEquals("2026-12-05: 41", titles.get(26));
        assertEquals("2026-12-08: 103", titles.get(29));
        assertEquals("2026-11-10: 0", titles.get(1));

        List<String> dates = texts(svg, "date-label");
        assertEquals("Nov 9", dates.getFirst());
        assertEquals("Dec 8", dates.getLast());
        assertTrue(dates.size() >= 3 && dates.size() <= BarChart.MAX_DATE_LABELS + 1, "a readable subset: " + dates);

        List<String> values = texts(svg, "value-label");
        assertEquals("0", values.getFirst());
        assertTrue(Long.parseLong(values.getLast()) >= 103, "the top tick covers the maximum: " + values);
        assertEquals(List.of("0", "50", "100", "150"), values, "round steps");
        assertEquals(List.of("Day (UTC)", "Emails"), texts(svg, "axis-title"));
        assertTrue(texts(svg, "empty").isEmpty());

        int top = Integer.parseInt(((Element) bars.item(29)).getAttribute("y"));
        assertTrue(top > BarChart.TOP && top < BarChart.BOTTOM, "103 of 150 stands below the top: " + top);
    }

    @Test
    void theScaleTopsTheMaximumWithRoundSteps() {
        for (long max : new long[] {1, 2, 3, 4, 5, 7, 9, 10, 11, 99, 100, 101, 999, 1_000, 123_456}) {
            BarChart chart = BarChart.of("t", "v", "d", "none", List.of(new BarChart.Day(TODAY, max)));
            List<BarChart.Tick> ticks = chart.values();
            long top = Long.parseLong(ticks.getLast().label());
            long step = Long.parseLong(ticks.get(1).label());
            assertTrue(top >= max && top - step < max, max + " under a top of " + top);
            assertTrue(ticks.size() >= 2 && ticks.size() <= BarChart.VALUE_STEPS + 2, max + ": " + ticks);
            assertEquals(BarChart.TOP, ticks.getLast().position(), "the top tick at the plot's top");
            int y = chart.bars().getFirst().y();
            assertTrue(y >= BarChart.TOP && (y == BarChart.TOP) == (top == max), max + "'s bar at " + y);
        }
    }

    @Test
    void anEmptySeriesDrawsTheAxesAndSaysSo() {
        for (BarChart chart : List.of(
                BarChart.of("Nothing", "Emails", "Day (UTC)", "No emails yet", List.of()),
                BarChart.daily("Zeros", "Emails", TODAY, 30, Map.of()))) {
            Document svg = render(chart);
            assertEquals(1, texts(svg, "empty").size(), chart.title());
            assertEquals(List.of("0"), texts(svg, "value-label"));
            assertEquals(2, countAxes(svg), "both axes drawn");
            assertFalse(texts(svg, "axis-title").isEmpty());
        }
        assertEquals("No emails yet", texts(render(BarChart.of("x", "y", "z", "No emails yet", List.of())), "empty")
                .getFirst());
    }

    @Test
    void textIsEscaped() {
        BarChart chart = BarChart.of("<script>", "a&b", "\"d\"", "<none>", List.of(new BarChart.Day(TODAY, 1)));
        String html = Html.render("bar-chart.jte", Map.of("chart", chart));
        assertFalse(html.contains("<script>") || html.contains("<none>"), html);
        assertEquals("a&b", texts(render(chart), "axis-title").getLast());
    }

    private static Document render(BarChart chart) {
        String html = Html.render("bar-chart.jte", Map.of("chart", chart));
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed: " + html, e);
        }
    }

    private static List<String> texts(Document svg, String cssClass) {
        List<String> found = new ArrayList<>();
        NodeList texts = svg.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) {
            Element text = (Element) texts.item(i);
            if (text.getAttribute("class").equals(cssClass)) {
                found.add(text.getTextContent());
            }
        }
        return found;
    }

    private static int countAxes(Document svg) {
        int axes = 0;
        NodeList lines = svg.getElementsByTagName("line");
        for (int i = 0; i < lines.getLength(); i++) {
            Element line = (Element) lines.item(i);
            boolean longLine = !line.getAttribute("x1").equals(line.getAttribute("x2"))
                    || Integer.parseInt(line.getAttribute("y2")) - Integer.parseInt(line.getAttribute("y1")) > 10;
            if (line.getAttribute("class").equals("axis") && longLine) {
                axes++;
            }
        }
        return axes;
    }
}
