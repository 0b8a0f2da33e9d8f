package io.trustee.kbs.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Gauge;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.Metric;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Snapshot;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
    return (T)
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (p, m, a) -> {
              if (!answers.containsKey(m.getName())) {
                throw new UnsupportedOperationException(m.getName());
              }
              return answers.get(m.getName());
            });
  }

  private static MetricRegistry registry(SortedMap<MetricID, Metric> metrics, String help) {
    Metadata md = proxy(Metadata.class, Map.of("description", Optional.of(help)));
    return proxy(MetricRegistry.class, Map.of("getMetrics", metrics, "getMetadata", md));
  }

  @Test
  void countersGaugesAndTimersInTextFormat() {
    SortedMap<MetricID, Metric> base = new TreeMap<>();
    base.put(new MetricID("jvm.uptime"), (Gauge<Double>) () -> 12.5);
    base.put(
        new MetricID("requests", new Tag("path", "a\"b")),
        proxy(Counter.class, Map.of("getCount", 3L)));
    Snapshot snapshot =
        new Snapshot() {
          @Override
          public long size() {
            return 2;
          }

          @Override
          public double getMax() {
            return 2e9;
          }

          @Override
          public double getMean() {
            return 1.5e9;
          }

          @Override
          public PercentileValue[] percentileValues() {
            return new PercentileValue[] {new PercentileValue(0.5, 2_000_000_000)};
          }

          @Override
          public HistogramBucket[] bucketValues() {
            return new HistogramBucket[0];
          }

          @Override
          public void dump(java.io.OutputStream output) {}
        };
    base.put(
        new MetricID("latency"),
        proxy(
            Timer.class,
            Map.of(
                "getCount", 2L, "getElapsedTime", Duration.ofSeconds(3), "getSnapshot", snapshot)));
    Map<String, MetricRegistry> scopes = new LinkedHashMap<>();
    scopes.put("base", registry(base, "help\ntext"));

    String text = PrometheusText.render(scopes);

    assertThat(text)
        .contains("# HELP jvm_uptime help\\ntext\n# TYPE jvm_uptime gauge\n")
        .contains("jvm_uptime{mp_scope=\"base\"} 12.5\n")
        .contains("# TYPE requests_total counter\n")
        .contains("requests_total{path=\"a\\\"b\",mp_scope=\"base\"} 3.0\n")
        .contains("# TYPE latency_seconds summary\n")
        .contains("latency_seconds{quantile=\"0.5\",mp_scope=\"base\"} 2.0\n")
        .contains("latency_seconds_count{mp_scope=\"base\"} 2.0\n")
        .contains("latency_seconds_sum{mp_scope=\"base\"} 3.0\n");
  }

  @Test
  void aBrokenGaugeIsLeftOut() {
    SortedMap<MetricID, Metric> m = new TreeMap<>();
    m.put(
        new MetricID("gone"),
        (Gauge<Long>)
            () -> {
              throw new IllegalStateException("source closed");
            });
    m.put(new MetricID("ok"), (Gauge<Long>) () -> 1L);
    String text = PrometheusText.render(Map.of("vendor", registry(m, "")));
    assertThat(text).doesNotContain("gone").contains("ok{mp_scope=\"vendor\"} 1.0");
  }

  @Test
  void namesAreSanitised() {
    assertThat(PrometheusText.name("a.b-c/d")).isEqualTo("a_b_c_d");
    assertThat(PrometheusText.name("1x")).isEqualTo("_1x");
  }
}
