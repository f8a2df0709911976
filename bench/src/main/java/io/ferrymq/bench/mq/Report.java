package io.ferrymq.bench.mq;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one run: counts, seconds, the latency histogram (microseconds) and mode-specific
 * figures, printed as a text summary or as one JSON line.
 */
public final class Report {
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};
    private static final String[] PERCENTILE_KEYS = {"p50", "p90", "p99", "p999"};

    private final String mode;
    private final String unit;
    private final String latencyLabel;
    private final long succeeded;
    private final long errors;
    private final double seconds;
    private final Histogram latency;
    private final Map<String, Object> extras = new LinkedHashMap<>();

    public Report(Workload workload, LoadMeter meter, double seconds) {
        this.mode = workload.name();
        this.unit = workload.unit();
        this.latencyLabel = workload.latencyLabel();
        this.succeeded = meter.succeeded();
        this.errors = meter.errors();
        this.seconds = seconds;
        this.latency = meter.histogram();
    }

    /** Adds a mode-specific figure (numbers or short strings), kept in insertion order. */
    public Report with(String key, Object value) {
        extras.put(key, value);
        return this;
    }

    public long succeeded() {
        return succeeded;
    }

    public double rate() {
        return seconds > 0 ? succeeded / seconds : 0;
    }

    public void printText(PrintStream out, BenchSettings s) {
        out.printf(Locale.ROOT, "mode %s  namesrv %s  topic %s  threads %d  size %d B%n", mode, s.namesrv(), s.topic(),
                s.threads(), s.size());
        out.printf(Locale.ROOT, "%s: %d ok, %d errors in %.2f s = %.1f %s/s%n", unit, succeeded, errors, seconds,
                rate(), unit);
        if (latency.getTotalCount() > 0) {
            StringBuilder line = new StringBuilder(latencyLabel).append(" (ms, ").append(latency.getTotalCount())
                    .append(" samples):");
            for (int i = 0; i < PERCENTILES.length; i++) {
                line.append(String.format(Locale.ROOT, " %s %.3f", PERCENTILE_KEYS[i],
                        latency.getValueAtPercentile(PERCENTILES[i]) / 1000.0));
            }
            line.append(String.format(Locale.ROOT, " max %.3f mean %.3f", latency.getMaxValue() / 1000.0,
                    latency.getMean() / 1000.0));
            out.println(line);
        }
        extras.forEach((k, v) -> out.printf(Locale.ROOT, "%s: %s%n", k, v));
    }

    public String toJson(BenchSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", mode);
        m.put("namesrv", s.namesrv());
        m.put("topic", s.topic());
        m.put("threads", s.threads());
        m.put("size", s.size());
        m.put("unit", unit);
        m.put("ok", succeeded);
        m.put("errors", errors);
        m.put("seconds", round(seconds));
        m.put("rate", round(rate()));
        m.put("latency", latencyLabel);
        m.put("samples", latency.getTotalCount());
        for (int i = 0; i < PERCENTILES.length; i++) {
            m.put(PERCENTILE_KEYS[i] + "_ms", latency.getTotalCount() == 0 ? null
                    : round(latency.getValueAtPercentile(PERCENTILES[i]) / 1000.0));
        }
        m.put("max_ms", latency.getTotalCount() == 0 ? null : round(latency.getMaxValue() / 1000.0));
        m.putAll(extras);
        StringBuilder json = new StringBuilder("{");
        m.forEach((k, v) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(quote(k)).append(':').append(v == null ? "null" : v instanceof Number ? v.toString() : quote(
                    v.toString()));
        });
        return json.append('}').toString();
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
