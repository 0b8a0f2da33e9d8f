package io.trustee.kbs.web.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Gauge;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.Metric;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Snapshot;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Writes MicroProfile Metrics registries in the Prometheus text format (version 0.0.4): counters as
 * {@code <name>_total}, gauges as they are, histograms and timers as summaries (quantiles, {@code
 * _sum}, {@code _count}; timers in seconds). Each sample carries its tags and {@code mp_scope}, as
 * Liberty's own {@code /metrics} does. Stateless.
 */
public final class PrometheusText {
  private PrometheusText() {}

  /**
   * @param registries scope name → registry, in output order
   */
  public static String render(Map<String, MetricRegistry> registries) {
    StringBuilder out = new StringBuilder();
    registries.forEach((scope, registry) -> render(scope, registry, out));
    return out.toString();
  }

  private static void render(String scope, MetricRegistry registry, StringBuilder out) {
    Map<MetricID, Metric> metrics = new java.util.TreeMap<>(registry.getMetrics());
    String lastName = null;
    for (Map.Entry<MetricID, Metric> e : metrics.entrySet()) {
      MetricID id = e.getKey();
      Metric m = e.getValue();
      String base = name(id.getName());
      String labels = labels(id, scope);
      Optional<String> help =
          Optional.ofNullable(registry.getMetadata(id.getName()))
              .flatMap(Metadata::description)
              .filter(d -> !d.isBlank());
      try {
        if (m instanceof Counter c) {
          String n = base.endsWith("_total") ? base : base + "_total";
          header(out, n, "counter", help, lastName);
          sample(out, n, labels, c.getCount());
          lastName = n;
        } else if (m instanceof Timer t) {
          String n = base + "_seconds";
          header(out, n, "summary", help, lastName);
          summary(out, n, labels, t.getSnapshot(), 1e-9);
          sample(out, n + "_count", labels, t.getCount());
          sample(out, n + "_sum", labels, seconds(t.getElapsedTime()));
          lastName = n;
        } else if (m instanceof Histogram h) {
          header(out, base, "summary", help, lastName);
          summary(out, base, labels, h.getSnapshot(), 1.0);
          sample(out, base + "_count", labels, h.getCount());
          sample(out, base + "_sum", labels, h.getSum());
          lastName = base;
        } else if (m instanceof Gauge<?> g) {
          Object v = g.getValue();
          if (v instanceof Number number) {
            header(out, base, "gauge", help, lastName);
            sample(out, base, labels, number.doubleValue());
            lastName = base;
          }
        }
      } catch (RuntimeException ignored) {
        // a gauge whose source has gone away: leave it out rather than fail the whole page
      }
    }
  }

  private static double seconds(java.time.Duration d) {
    return d == null ? 0 : d.toNanos() / 1e9;
  }

  private static void summary(StringBuilder out, String n, String labels, Snapshot s, double f) {
    if (s == null) {
      return;
    }
    for (Snapshot.PercentileValue p : s.percentileValues()) {
      String q = "quantile=\"" + p.getPercentile() + "\"";
      String l = labels.isEmpty() ? "{" + q + "}" : labels.replace("{", "{" + q + ",");
      out.append(n).append(l).append(' ').append(number(p.getValue() * f)).append('\n');
    }
  }

  private static void header(
      StringBuilder out, String n, String type, Optional<String> help, String lastName) {
    if (n.equals(lastName)) {
      return; // same family, other tags
    }
    help.ifPresent(
        h -> out.append("# HELP ").append(n).append(' ').append(escapeHelp(h)).append('\n'));
    out.append("# TYPE ").append(n).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder out, String n, String labels, double v) {
    out.append(n).append(labels).append(' ').append(number(v)).append('\n');
  }

  private static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? String.format(Locale.ROOT, "%.1f", v)
        : Double.toString(v);
  }

  /** Prometheus metric names: {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
  static String name(String mp) {
    String n = mp.replaceAll("[^a-zA-Z0-9_:]", "_");
    return Character.isDigit(n.charAt(0)) ? "_" + n : n;
  }

  private static String labels(MetricID id, String scope) {
    StringBuilder b = new StringBuilder("{");
    for (Tag t : id.getTagsAsArray()) {
      b.append(name(t.getTagName()))
          .append("=\"")
          .append(escapeLabel(t.getTagValue()))
          .append("\",");
    }
    b.append("mp_scope=\"").append(escapeLabel(scope)).append("\"}");
    return b.toString();
  }

  private static String escapeLabel(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String escapeHelp(String v) {
    return v.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
