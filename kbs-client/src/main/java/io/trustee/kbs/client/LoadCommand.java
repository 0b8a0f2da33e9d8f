package io.trustee.kbs.client;

import io.trustee.kbs.resource.ResourcePath;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code kbs-client load}: drives a KBS with simulated guests and prints throughput, latency
 * percentiles, errors by type and the CPU cost per operation (see {@link LoadRunner} for the loops
 * and {@link LoadGuest} for what one guest does). {@code load seed} fills a database for
 * data-growth measurements ({@link LoadSeedCommand}).
 *
 * <p>Exit status 1 when more operations failed than {@code --max-errors} (after printing the
 * result), so a test can assert an error-free run.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    subcommands = {LoadSeedCommand.class},
    description = {
      "Load-test the KBS with simulated guests: each guest opens its own TLS connection (a full"
          + " handshake unless --tls-resume), runs auth and attest, fetches and decrypts the"
          + " resource, and optionally fetches it --fetches more times on the same connection.",
      "Closed loop with --concurrency N (default), open loop with --rate R (latency from the"
          + " intended start). A progress line goes to stderr every second, the result table (or"
          + " --json) to stdout."
    })
final class LoadCommand implements Runnable {
  @ParentCommand KbsClient root;
  @Mixin AdminOptions admin = new AdminOptions();
  @Mixin GuestOptions guest = new GuestOptions();

  @Option(
      names = "--op",
      defaultValue = "handshake",
      description =
          "handshake: one operation = a new connection, auth, attest and the first fetch;"
              + " fetch: each guest attests once, then one operation = one GET on its kept-alive"
              + " connection (default: ${DEFAULT-VALUE})")
  String op;

  @Option(
      names = "--concurrency",
      defaultValue = "8",
      paramLabel = "N",
      description = "closed loop: guests running at once (default: ${DEFAULT-VALUE})")
  int concurrency;

  @Option(
      names = "--rate",
      paramLabel = "R",
      description = "open loop: operations started per second, on a fixed schedule")
  Double rate;

  @Option(
      names = "--max-in-flight",
      defaultValue = "64",
      paramLabel = "N",
      description =
          "open loop: guests (threads) available to serve arrivals (default: ${DEFAULT-VALUE})")
  int maxInFlight;

  @Option(
      names = "--duration",
      defaultValue = "30s",
      paramLabel = "TIME",
      description = "measured time, e.g. 30s, 2m, 500ms (default: ${DEFAULT-VALUE})")
  String duration;

  @Option(
      names = "--warmup",
      defaultValue = "5s",
      paramLabel = "TIME",
      description =
          "time before the measurement whose operations are not counted (default: ${DEFAULT-VALUE})")
  String warmup;

  @Option(
      names = "--resource",
      defaultValue = "default/load/secret",
      paramLabel = "REPO/TYPE/TAG",
      description = "the resource every guest fetches (default: ${DEFAULT-VALUE})")
  String resource;

  @Option(
      names = "--fetches",
      defaultValue = "0",
      paramLabel = "K",
      description = "handshake: K more fetches per guest on its connection (row fetch+)")
  int fetches;

  @Option(
      names = "--tls-resume",
      description =
          "let guests resume TLS sessions of earlier guests (default: a full TLS handshake per"
              + " guest)")
  boolean tlsResume;

  @Option(
      names = "--tls-groups",
      defaultValue = "x25519",
      paramLabel = "LIST",
      description =
          "TLS key-exchange groups the guests offer, comma-separated, or 'default' for the JDK's"
              + " list (default: ${DEFAULT-VALUE}: one key share, as a rustls guest sends)")
  String tlsGroups;

  @Option(
      names = "--server-pid",
      paramLabel = "PID",
      description =
          "the KBS's process on this machine: report its CPU per operation (/proc/PID/stat) and"
              + " peak RSS (/proc/PID/status, sampled every second)")
  Long serverPid;

  @Option(names = "--json", description = "print one JSON object instead of the table")
  boolean json;

  @Option(
      names = "--max-errors",
      defaultValue = "0",
      paramLabel = "N",
      description = "exit with status 1 when more operations failed (default: ${DEFAULT-VALUE})")
  long maxErrors;

  @Option(
      names = "--setup",
      description =
          "first store a random secret at --resource and a resource policy that releases it"
              + " (replacing the stored policy), and for az-snp-vtpm register the simulator's"
              + " reference values; needs the admin options")
  boolean setup;

  @Override
  public void run() {
    URI base = admin.server.baseUri();
    PrintWriter err = root.spec.commandLine().getErr();
    LoadRunner.Settings settings = settings();
    ResourcePath path = AdminCommands.resourcePath("--resource", resource);
    LoadProc server = serverPid == null ? null : LoadProc.of(serverPid);
    EvidenceSource source = guest.evidenceSource(err);
    TeeKeys keys = LoadGuest.withBouncyCastlePrivateKey(guest.keys());
    TrustManager[] trust = "https".equals(base.getScheme()) ? admin.server.trustManagers() : null;
    LoadHttp.Endpoint endpoint = endpoint(base, trust, LoadTlsGroups.parse(tlsGroups));
    String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    int timeoutMillis = Math.multiplyExact(admin.server.timeoutSeconds, 1000);
    LoadGuest.Plan probe =
        new LoadGuest.Plan(
            endpoint,
            trust,
            tlsResume,
            timeoutMillis,
            basePath,
            source,
            keys,
            path.toString(),
            null);
    byte[] expected = setup ? LoadSetup.run(admin, root.clock(), path, probe, err) : null;
    LoadGuest.Plan plan =
        new LoadGuest.Plan(
            endpoint,
            trust,
            tlsResume,
            timeoutMillis,
            basePath,
            source,
            keys,
            path.toString(),
            expected);
    LoadReport report;
    try {
      report = new LoadRunner(plan, settings, server, err).run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
    PrintWriter out = root.spec.commandLine().getOut();
    if (json) {
      out.println(report.json().toString());
    } else {
      out.print(report.table());
    }
    out.flush();
    if (report.errorCount() > maxErrors) {
      throw new CliException(
          report.errorCount() + " operations failed (more than --max-errors " + maxErrors + ")");
    }
  }

  LoadRunner.Settings settings() {
    LoadRunner.Op o =
        switch (op) {
          case "handshake" -> LoadRunner.Op.HANDSHAKE;
          case "fetch" -> LoadRunner.Op.FETCH;
          default -> throw new CliException("--op: '" + op + "' is not handshake or fetch");
        };
    if (concurrency < 1 || concurrency > 10_000) {
      throw new CliException("--concurrency: must be between 1 and 10000");
    }
    if (rate != null && !(rate > 0 && rate <= 1_000_000)) {
      throw new CliException("--rate: must be a positive number of operations per second");
    }
    if (maxInFlight < 1 || maxInFlight > 10_000) {
      throw new CliException("--max-in-flight: must be between 1 and 10000");
    }
    if (fetches < 0) {
      throw new CliException("--fetches: must not be negative");
    }
    if (fetches > 0 && o == LoadRunner.Op.FETCH) {
      throw new CliException("--fetches: only with --op handshake (in fetch mode every op is one)");
    }
    if (maxErrors < 0) {
      throw new CliException("--max-errors: must not be negative");
    }
    Duration d = duration("--duration", duration);
    if (d.isZero()) {
      throw new CliException("--duration: must be positive");
    }
    Duration w = duration("--warmup", warmup);
    String loop =
        rate == null
            ? "closed loop, concurrency " + concurrency
            : String.format(
                Locale.ROOT, "open loop, rate %.1f/s, max in flight %d", rate, maxInFlight);
    String workload =
        String.format(
            Locale.ROOT,
            "load: op=%s tee=%s %s%s, warm-up %s, TLS %s, groups %s",
            op,
            guest.tee,
            loop,
            fetches > 0 ? ", " + fetches + " more fetches per guest" : "",
            warmup,
            tlsResume ? "resumption allowed" : "full handshake per guest",
            tlsGroups);
    return new LoadRunner.Settings(
        o, concurrency, rate == null ? 0 : rate, maxInFlight, d, w, fetches, workload);
  }

  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)?");

  /** {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, or a bare number of seconds. */
  static Duration duration(String option, String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new CliException(option + ": '" + text + "' is not a duration such as 30s, 500ms, 2m");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }

  private static LoadHttp.Endpoint endpoint(URI base, TrustManager[] trust, LoadTlsGroups groups) {
    boolean tls = "https".equals(base.getScheme());
    int port = base.getPort() > 0 ? base.getPort() : tls ? 443 : 80;
    String host = base.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new CliException("--url: cannot resolve host " + host);
    }
    SSLContext shared = null;
    if (tls) {
      try {
        shared = SSLContext.getInstance("TLS");
        shared.init(null, trust, null);
      } catch (java.security.GeneralSecurityException e) {
        throw new CliException("cannot create a TLS context", e);
      }
    }
    return new LoadHttp.Endpoint(address, host, port, shared, groups);
  }
}
