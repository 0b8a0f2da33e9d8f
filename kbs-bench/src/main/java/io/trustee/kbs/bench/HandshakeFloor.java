package io.trustee.kbs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Runs {@link HandshakeFloorBenchmark} in one JMH run (one fork, average time in µs) and prints the
 * crypto floor of a guest handshake: per operation the JDK and the Bouncy Castle figure, the faster
 * one chosen, and the floors composed in {@link #floors}. With {@code --json} the same as one JSON
 * object on stdout (JMH's own output is then silenced); {@code --quick} runs shorter iterations (2
 * × 0.5 s warm-up, 3 × 0.5 s measurement instead of 3 × 1 s and 5 × 1 s).
 *
 * <p>{@code java -cp kbs-bench/target/benchmarks.jar io.trustee.kbs.bench.HandshakeFloor [--json]
 * [--quick]}
 */
public final class HandshakeFloor {
  private HandshakeFloor() {}

  /**
   * One operation: its name and the benchmark methods per provider (empty: not offered, or for the
   * project's own classes: not the provider they use).
   */
  record Op(String name, Optional<String> jdk, Optional<String> bc, String what) {
    Op(String name, String jdk, Optional<String> bc, String what) {
      this(name, Optional.of(jdk), bc, what);
    }
  }

  static final String TLS_P256 = "tlsServer(P-256)";
  static final String TLS_RSA = "tlsServer(RSA-2048)";

  static final List<Op> OPS =
      List.of(
          new Op(
              TLS_P256,
              "tlsServerP256Jdk",
              Optional.empty(),
              "TLS 1.3 server side: X25519 + ECDSA P-256 CertificateVerify (JSSE only)"),
          new Op(
              TLS_RSA,
              "tlsServerRsa2048Jdk",
              Optional.empty(),
              "TLS 1.3 server side: X25519 + RSA-PSS-2048 CertificateVerify (JSSE only)"),
          new Op(
              "earSign",
              "earSignJdk",
              Optional.of("earSignBc"),
              "ES256 signature of a ~1.5 KB EAR token"),
          new Op(
              "jwe",
              "jweJdk",
              Optional.of("jweBc"),
              "P-256 keygen + ECDH + Concat KDF + A256KW + A256GCM(32 B)"),
          new Op("es256Verify", "es256VerifyJdk", Optional.of("es256VerifyBc"), "ES256 verify"),
          new Op(
              "rsaQuoteVerify",
              "rsaQuoteVerifyJdk",
              Optional.of("rsaQuoteVerifyBc"),
              "RSASSA-PKCS1-v1_5 SHA-256, RSA-2048 (vTPM quote)"),
          new Op(
              "p384ReportVerify",
              "p384ReportVerifyJdk",
              Optional.of("p384ReportVerifyBc"),
              "ECDSA P-384/SHA-384 (SNP report)"));

  /** Shown for comparison, never part of a floor. */
  static final List<Op> COMPARISON =
      List.of(
          new Op("p256Keygen", "p256KeygenJdk", Optional.of("p256KeygenBc"), "P-256 key pair"),
          new Op("p256Ecdh", "p256EcdhJdk", Optional.of("p256EcdhBc"), "P-256 ECDH agreement"),
          new Op(
              "earSign (Nimbus)",
              "earSignNimbusJdk",
              Optional.of("earSignNimbusBc"),
              "Nimbus ECDSASigner"),
          new Op(
              "earTokenSigner",
              Optional.empty(),
              Optional.of("earTokenSigner"),
              "project's EarTokenSigner.sign as it is (JSON + JWS)"),
          new Op(
              "es256Verify (Nimbus)",
              "es256VerifyNimbusJdk",
              Optional.empty(),
              "Nimbus ECDSAVerifier"),
          new Op(
              "resourceEncryptor",
              Optional.empty(),
              Optional.of("resourceEncryptor"),
              "project's broker/ResourceEncryptor as it is (ECDH-ES+A256KW)"),
          new Op(
              "tls handshake, both sides (P-256)",
              "tlsHandshakeP256",
              Optional.empty(),
              "wall time, client + server"),
          new Op(
              "tls handshake, both sides (RSA-2048)",
              "tlsHandshakeRsa2048",
              Optional.empty(),
              "wall time, client + server"));

  /** A measured figure in µs with its 99.9 % confidence half-width. */
  record Figure(double micros, double error) {}

  /** A floor: its name and the operations it adds up. */
  record FloorDef(String name, List<String> terms) {
    String formula() {
      return String.join(" + ", terms);
    }
  }

  /**
   * The floors of issue #9 ("Performance: a full guest handshake within 2x of its crypto floor"):
   * the one place that says what each floor contains. Every term is an operation of {@link #OPS}.
   *
   * <ul>
   *   <li>{@code sample handshake} = tlsServer + earSign + jwe + es256Verify: the TLS handshake of
   *       the guest's connection, the EAR token the attestation signs, the JWE of the resource and
   *       one verification of the token when the resource is fetched;
   *   <li>{@code az-snp-vtpm handshake} = sample + rsaQuoteVerify + p384ReportVerify: the vTPM
   *       quote and the SNP report signature (the VCEK chain verdict is cached in a running
   *       server);
   *   <li>{@code az-snp-vtpm, report verdict cached} = sample + rsaQuoteVerify: the same VM
   *       attesting again with identical report bytes (report-signature verdict cache);
   *   <li>{@code fetch on a live session} = jwe: the session's own token needs no re-verification.
   * </ul>
   *
   * @param tls the TLS operation to count ({@link #TLS_P256} or {@link #TLS_RSA})
   */
  static List<FloorDef> floorDefinitions(String tls) {
    List<String> sample = List.of(tls, "earSign", "jwe", "es256Verify");
    List<String> azure = new ArrayList<>(sample);
    azure.add("rsaQuoteVerify");
    List<String> azureCached = List.copyOf(azure);
    azure.add("p384ReportVerify");
    return List.of(
        new FloorDef("sample handshake", sample),
        new FloorDef("az-snp-vtpm handshake", List.copyOf(azure)),
        new FloorDef("az-snp-vtpm, report verdict cached", azureCached),
        new FloorDef("fetch on a live session", List.of("jwe")));
  }

  /** Each floor's sum in µs of the chosen per-operation figures. */
  static Map<FloorDef, Double> floors(Map<String, Double> chosen, String tls) {
    Map<FloorDef, Double> out = new LinkedHashMap<>();
    for (FloorDef f : floorDefinitions(tls)) {
      double sum = 0;
      for (String term : f.terms()) {
        Double v = chosen.get(term);
        if (v == null) {
          throw new IllegalStateException("floor term without a figure: " + term);
        }
        sum += v;
      }
      out.put(f, sum);
    }
    return out;
  }

  public static void main(String[] args) throws RunnerException {
    boolean json = false;
    boolean quick = false;
    for (String a : args) {
      switch (a) {
        case "--json" -> json = true;
        case "--quick" -> quick = true;
        default -> {
          System.err.println(
              "usage: java -cp benchmarks.jar io.trustee.kbs.bench.HandshakeFloor [--json] [--quick]");
          System.exit(2);
        }
      }
    }
    TimeValue iteration = quick ? TimeValue.milliseconds(500) : TimeValue.seconds(1);
    Options options =
        new OptionsBuilder()
            .include(HandshakeFloorBenchmark.class.getName() + "\\.")
            .forks(1)
            .warmupIterations(quick ? 2 : 3)
            .warmupTime(iteration)
            .measurementIterations(quick ? 3 : 5)
            .measurementTime(iteration)
            .mode(Mode.AverageTime)
            .timeUnit(TimeUnit.MICROSECONDS)
            .jvmArgsAppend("-Djdk.tls.namedGroups=x25519")
            .verbosity(json ? VerboseMode.SILENT : VerboseMode.NORMAL)
            .build();
    double loadBefore = loadAverage();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, Figure> figures = figures(results);
    ObjectNode report = report(figures, quick);
    report.put("loadAverageBefore", round(loadBefore));
    report.put("loadAverageAfter", round(loadAverage()));
    if (json) {
      System.out.println(report.toPrettyString());
    } else {
      System.out.print(table(report));
    }
  }

  /** The 1-minute system load average (negative where unavailable): how shared the CPUs were. */
  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /**
   * Benchmark method name → figure: the thread CPU time per operation from the auxiliary counters
   * ({@code cpuNanos}/{@code ops}; for TLS the server engine's {@code serverCpuNanos}/{@code
   * handshakes}), mean and 99.9 % half-width over the measurement iterations. JMH's wall-clock
   * score goes under {@code <method>:wall}; for TLS that is the whole handshake, client included.
   */
  static Map<String, Figure> figures(Collection<RunResult> results) {
    Map<String, Figure> out = new LinkedHashMap<>();
    for (RunResult r : results) {
      String full = r.getParams().getBenchmark();
      String method = full.substring(full.lastIndexOf('.') + 1);
      boolean tls = method.startsWith("tlsServer");
      String nanosKey = tls ? "serverCpuNanos" : "cpuNanos";
      String countKey = tls ? "handshakes" : "ops";
      ListStatistics perIteration = new ListStatistics();
      for (BenchmarkResult b : r.getBenchmarkResults()) {
        for (IterationResult it : b.getIterationResults()) {
          Result<?> nanos = it.getSecondaryResults().get(nanosKey);
          Result<?> count = it.getSecondaryResults().get(countKey);
          if (nanos == null || count == null) {
            throw new IllegalStateException(method + " reports no " + nanosKey + "/" + countKey);
          }
          if (count.getScore() > 0) {
            perIteration.addValue(nanos.getScore() / count.getScore() / 1000.0);
          }
        }
      }
      out.put(
          method, new Figure(perIteration.getMean(), finite(perIteration.getMeanErrorAt(0.999))));
      out.put(method + ":wall", figureOf(r.getPrimaryResult()));
      if (tls) {
        out.put(
            method.replace("tlsServer", "tlsHandshake").replace("Jdk", ""),
            figureOf(r.getPrimaryResult()));
      }
    }
    return out;
  }

  private static Figure figureOf(Result<?> r) {
    return new Figure(r.getScore(), finite(r.getScoreError()));
  }

  private static double finite(double d) {
    return Double.isFinite(d) ? d : 0;
  }

  static ObjectNode report(Map<String, Figure> figures, boolean quick) {
    ObjectMapper m = new ObjectMapper();
    ObjectNode o = m.createObjectNode();
    o.put("issue", 9);
    o.put("unit", "us");
    o.put(
        "java",
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    o.put("bouncyCastle", new org.bouncycastle.jce.provider.BouncyCastleProvider().getInfo());
    o.put("cpus", Runtime.getRuntime().availableProcessors());
    o.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    o.put("quick", quick);
    Map<String, Double> chosen = new LinkedHashMap<>();
    o.set("ops", ops(m, OPS, figures, chosen));
    Map<String, Double> comparison = new LinkedHashMap<>();
    o.set("comparison", ops(m, COMPARISON, figures, comparison));
    putFloors(o.putObject("floors"), floors(chosen, TLS_P256));
    putFloors(o.putObject("floorsWithRsa2048TlsCertificate"), floors(chosen, TLS_RSA));
    return o;
  }

  private static void putFloors(ObjectNode out, Map<FloorDef, Double> floors) {
    floors.forEach(
        (f, v) -> out.putObject(f.name()).put("us", round(v)).put("formula", f.formula()));
  }

  private static ObjectNode ops(
      ObjectMapper m, List<Op> ops, Map<String, Figure> figures, Map<String, Double> chosen) {
    ObjectNode out = m.createObjectNode();
    for (Op op : ops) {
      Figure jdk = op.jdk().map(figures::get).orElse(null);
      Figure bc = op.bc().map(figures::get).orElse(null);
      if ((op.jdk().isPresent() && jdk == null) || (op.bc().isPresent() && bc == null)) {
        throw new IllegalStateException("no result for " + op.name());
      }
      ObjectNode n = out.putObject(op.name());
      n.put("what", op.what());
      if (jdk != null) {
        n.put("jdk", round(jdk.micros()));
        n.put("jdkError", round(jdk.error()));
        putWall(n, "jdkWall", figures.get(op.jdk().get() + ":wall"));
      } else {
        n.putNull("jdk");
      }
      if (bc != null) {
        n.put("bc", round(bc.micros()));
        n.put("bcError", round(bc.error()));
        putWall(n, "bcWall", figures.get(op.bc().get() + ":wall"));
      } else {
        n.putNull("bc");
      }
      boolean useBc = bc != null && (jdk == null || bc.micros() < jdk.micros());
      n.put("chosen", useBc ? "BC" : "JDK");
      double best = useBc ? bc.micros() : jdk.micros();
      n.put("us", round(best));
      chosen.put(op.name(), best);
    }
    return out;
  }

  private static void putWall(ObjectNode n, String field, Figure wall) {
    if (wall != null) {
      n.put(field, round(wall.micros()));
    }
  }

  private static double round(double d) {
    return Math.round(d * 10.0) / 10.0;
  }

  static String table(ObjectNode r) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%nCrypto floor of one guest handshake (issue #9): thread CPU µs per operation"
                + " (TLS: the server engine only); JMH wall-clock averages in --json%n"
                + "%s; %s; %d CPUs; %s%s%n",
            r.get("java").asText(),
            r.get("bouncyCastle").asText(),
            r.get("cpus").asInt(),
            r.get("os").asText(),
            r.get("quick").asBoolean() ? "; --quick (short iterations, wider error)" : ""));
    sb.append(
        String.format(
            Locale.ROOT,
            "load average before %.1f, after %.1f (other work on the machine inflates the figures)"
                + "%n%n",
            r.path("loadAverageBefore").asDouble(),
            r.path("loadAverageAfter").asDouble()));
    String row = "%-38s %16s %16s  %-6s %s%n";
    sb.append(String.format(Locale.ROOT, row, "operation", "JDK", "BC", "chosen", "what"));
    appendOps(sb, row, r.get("ops"));
    sb.append(String.format(Locale.ROOT, "%nfloors (TLS with a P-256 certificate):%n"));
    appendFloors(sb, r.get("floors"));
    sb.append(
        String.format(
            Locale.ROOT,
            "%nfloors with an RSA-2048 TLS certificate (Liberty's own default; bin/kbs makes P-256):%n"));
    appendFloors(sb, r.get("floorsWithRsa2048TlsCertificate"));
    sb.append(String.format(Locale.ROOT, "%ncomparison (not part of any floor):%n"));
    appendOps(sb, row, r.get("comparison"));
    return sb.toString();
  }

  private static void appendOps(StringBuilder sb, String row, JsonNode ops) {
    List<String> names = new ArrayList<>();
    ops.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      JsonNode n = ops.get(name);
      String jdk =
          n.get("jdk").isNull() ? "—" : fmt(n.get("jdk").asDouble(), n.get("jdkError").asDouble());
      String bc =
          n.get("bc").isNull() ? "—" : fmt(n.get("bc").asDouble(), n.get("bcError").asDouble());
      sb.append(
          String.format(
              Locale.ROOT, row, name, jdk, bc, n.get("chosen").asText(), n.get("what").asText()));
    }
  }

  private static void appendFloors(StringBuilder sb, JsonNode floors) {
    floors
        .fieldNames()
        .forEachRemaining(
            k ->
                sb.append(
                    String.format(
                        Locale.ROOT,
                        "  %-36s %9.1f µs  = %s%n",
                        k,
                        floors.get(k).get("us").asDouble(),
                        floors.get(k).get("formula").asText())));
  }

  private static String fmt(double v, double err) {
    return String.format(Locale.ROOT, "%.1f ± %.1f", v, err);
  }
}
