package io.trustee.kbs.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The result of one {@code kbs-client load} run and its two renderings: the text table and the
 * {@code --json} object (same figures, same names). CPU and memory figures are null when they were
 * not measured ({@code n/a} in the table, JSON {@code null}). Immutable.
 *
 * @param op {@code handshake} or {@code fetch}: what one counted operation is
 * @param workload one line describing TEE, loop and TLS mode, printed above the table
 * @param measuredSeconds from the end of the warm-up until the last counted operation finished
 * @param primary the counted operation ({@code ops}, throughput, latency)
 * @param extraFetches in {@code handshake} mode with {@code --fetches K}: the K later fetches of
 *     each guest on its kept-alive connection; otherwise null
 * @param errors failed counted operations by type ({@link LoadFailure#type()})
 * @param reconnects kept-alive connections the server closed that a guest re-opened for a fetch
 * @param serverCpuMsPerOp server user+system CPU per counted operation ({@code --server-pid})
 * @param clientCpuMsPerOp this process's CPU per counted operation (all threads: guests, JIT
 *     compiler, GC; what competes with a server on the same machine)
 * @param guestCpuMsPerOp the guest threads' own CPU per counted operation (TLS, protocol, JWE),
 *     failed operations included; the difference to {@code clientCpuMsPerOp} is mostly the JIT
 *     compiler of a young JVM
 * @param serverPeakRssMb the largest server {@code VmRSS} sampled during the window, MiB
 */
record LoadReport(
    String op,
    String workload,
    double measuredSeconds,
    Ops primary,
    Ops extraFetches,
    Map<String, Long> errors,
    long reconnects,
    Double serverCpuMsPerOp,
    Double clientCpuMsPerOp,
    Double guestCpuMsPerOp,
    Double serverPeakRssMb) {

  LoadReport {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(primary, "primary");
    errors = Collections.unmodifiableMap(new TreeMap<>(errors));
  }

  /** Count, throughput and latency percentiles (ms) of one kind of operation. */
  record Ops(
      String name,
      long count,
      double perSecond,
      double p50Ms,
      double p90Ms,
      double p99Ms,
      double maxMs) {
    /** From a histogram of latencies in microseconds. */
    static Ops of(String name, Histogram micros, double seconds) {
      long n = micros.getTotalCount();
      if (n == 0) {
        return new Ops(name, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
      }
      return new Ops(
          name,
          n,
          seconds > 0 ? n / seconds : Double.NaN,
          micros.getValueAtPercentile(50) / 1000.0,
          micros.getValueAtPercentile(90) / 1000.0,
          micros.getValueAtPercentile(99) / 1000.0,
          micros.getMaxValue() / 1000.0);
    }
  }

  long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The table printed on stdout. */
  String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(workload).append('\n');
    sb.append(String.format(Locale.ROOT, "measured %.1f s%n", measuredSeconds));
    sb.append(
        String.format(
            Locale.ROOT,
            "%-10s %9s %10s %9s %9s %9s %9s%n",
            "op",
            "count",
            "ops/s",
            "p50 ms",
            "p90 ms",
            "p99 ms",
            "max ms"));
    row(sb, primary);
    if (extraFetches != null) {
      row(sb, extraFetches);
    }
    sb.append(String.format(Locale.ROOT, "%-22s %d%n", "errors", errorCount()));
    errors.forEach((type, n) -> sb.append(String.format(Locale.ROOT, "  %-20s %d%n", type, n)));
    if (reconnects > 0) {
      sb.append(String.format(Locale.ROOT, "%-22s %d%n", "keep-alive reconnects", reconnects));
    }
    sb.append(
        String.format(Locale.ROOT, "%-22s %s%n", "server CPU ms/" + op, fmt(serverCpuMsPerOp)));
    sb.append(
        String.format(Locale.ROOT, "%-22s %s%n", "client CPU ms/" + op, fmt(clientCpuMsPerOp)));
    sb.append(
        String.format(Locale.ROOT, "%-22s %s%n", "  of which guest threads", fmt(guestCpuMsPerOp)));
    sb.append(String.format(Locale.ROOT, "%-22s %s%n", "server peak RSS MB", fmt(serverPeakRssMb)));
    return sb.toString();
  }

  private static void row(StringBuilder sb, Ops o) {
    sb.append(
        String.format(
            Locale.ROOT,
            "%-10s %9d %10s %9s %9s %9s %9s%n",
            o.name(),
            o.count(),
            fmt(o.perSecond()),
            fmt(o.p50Ms()),
            fmt(o.p90Ms()),
            fmt(o.p99Ms()),
            fmt(o.maxMs())));
  }

  private static String fmt(Double v) {
    return v == null || v.isNaN() ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
  }

  /** The {@code --json} object. */
  ObjectNode json() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("op", op);
    o.put("workload", workload);
    o.put("measured_seconds", round(measuredSeconds));
    o.put("ops", primary.count());
    number(o, "throughput_per_second", primary.perSecond());
    o.set("latency_ms", latency(primary));
    if (extraFetches != null) {
      ObjectNode f = o.putObject("extra_fetches");
      f.put("count", extraFetches.count());
      number(f, "throughput_per_second", extraFetches.perSecond());
      f.set("latency_ms", latency(extraFetches));
    }
    ObjectNode e = o.putObject("errors");
    e.put("total", errorCount());
    ObjectNode byType = e.putObject("by_type");
    errors.forEach(byType::put);
    o.put("keepalive_reconnects", reconnects);
    number(o, "server_cpu_ms_per_op", serverCpuMsPerOp);
    number(o, "client_cpu_ms_per_op", clientCpuMsPerOp);
    number(o, "client_guest_threads_cpu_ms_per_op", guestCpuMsPerOp);
    number(o, "server_peak_rss_mb", serverPeakRssMb);
    return o;
  }

  private static ObjectNode latency(Ops ops) {
    ObjectNode l = JsonNodeFactory.instance.objectNode();
    number(l, "p50", ops.p50Ms());
    number(l, "p90", ops.p90Ms());
    number(l, "p99", ops.p99Ms());
    number(l, "max", ops.maxMs());
    return l;
  }

  private static void number(ObjectNode o, String name, Double v) {
    if (v == null || v.isNaN() || v.isInfinite()) {
      o.putNull(name);
    } else {
      o.put(name, round(v));
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
