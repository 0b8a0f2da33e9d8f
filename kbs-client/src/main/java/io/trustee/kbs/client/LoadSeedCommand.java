package io.trustee.kbs.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code kbs-client load seed}: fills a KBS with data for the data-growth measurements of issue 9.
 * Secrets ({@code seed/secret/<n>}) and reference values ({@code seed_rv_<n>}, in sample RVPS
 * messages of {@code --rv-batch} names) go through the admin API, from {@code --concurrency}
 * threads each on its own kept-alive connection; appraisal rows go into the database by JDBC
 * ({@link LoadSeedAppraisals}). Names are numbered from {@code --first}, so a second run with
 * another {@code --first} adds rather than overwrites.
 *
 * <p>A little over 300 lines: the options (each with its help text) are most of it, and the API
 * worker loop sits next to the two request builders it runs.
 */
@Command(
    name = "seed",
    mixinStandardHelpOptions = true,
    description = {
      "Fill a KBS for data-growth measurements: secrets and reference values through the admin"
          + " API, appraisal rows by JDBC (no API creates them).",
      "PostgreSQL can be seeded while the server runs. The embedded Derby database is locked by"
          + " the running server: stop the server, seed with --jdbc-url jdbc:derby:<data>/db/kbs,"
          + " start it again (secrets and reference values need the server running: seed them in"
          + " a separate run).",
      "The server keeps at most min(kbs.appraisal.max-rows, kbs.appraisal.max-total-bytes /"
          + " kbs.appraisal.max-record-bytes) appraisal rows (8192 with the defaults) and evicts"
          + " the oldest beyond that: raise them to keep a million."
    })
final class LoadSeedCommand implements Runnable {
  @ParentCommand LoadCommand parent;
  @Mixin AdminOptions admin = new AdminOptions();

  @Option(
      names = "--secrets",
      defaultValue = "0",
      paramLabel = "N",
      description = "secrets to store")
  long secrets;

  @Option(
      names = "--reference-values",
      defaultValue = "0",
      paramLabel = "N",
      description = "reference values to register")
  long referenceValues;

  @Option(
      names = "--rv-batch",
      defaultValue = "100",
      paramLabel = "N",
      description = "reference values per registration message (default: ${DEFAULT-VALUE})")
  int rvBatch;

  @Option(
      names = "--appraisals",
      defaultValue = "0",
      paramLabel = "N",
      description = "appraisal rows to insert by JDBC (needs --jdbc-url)")
  long appraisals;

  @Option(
      names = "--first",
      defaultValue = "0",
      paramLabel = "N",
      description = "number of the first secret and reference value (default: ${DEFAULT-VALUE})")
  long first;

  @Option(
      names = "--concurrency",
      defaultValue = "8",
      paramLabel = "N",
      description = "admin API connections used at once (default: ${DEFAULT-VALUE})")
  int concurrency;

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description =
          "jdbc:postgresql://HOST:5432/DB, or jdbc:derby:<data>/db/kbs with the server STOPPED")
  String jdbcUrl;

  @Option(
      names = "--jdbc-user",
      paramLabel = "USER",
      description =
          "database user; the password is read from the environment variable KBS_JDBC_PASSWORD")
  String jdbcUser;

  @Option(
      names = "--batch",
      defaultValue = "1000",
      paramLabel = "N",
      description = "appraisal rows per JDBC batch and commit (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(
      names = "--retention",
      defaultValue = "168h",
      paramLabel = "TIME",
      description =
          "the server's kbs.appraisal.retention: row times are spread over it (default: ${DEFAULT-VALUE})")
  String retention;

  @Option(
      names = "--progress",
      description =
          "a progress line every second on stderr (default: only in an interactive session; the"
              + " final count is always printed)")
  boolean progress;

  @Override
  public void run() {
    PrintWriter err = parent.root.spec.commandLine().getErr();
    if (secrets < 0 || referenceValues < 0 || appraisals < 0 || first < 0) {
      throw new CliException(
          "--secrets, --reference-values, --appraisals, --first: must not be negative");
    }
    if (concurrency < 1 || concurrency > 1000) {
      throw new CliException("--concurrency: must be between 1 and 1000");
    }
    if (rvBatch < 1 || rvBatch > 10_000) {
      throw new CliException("--rv-batch: must be between 1 and 10000");
    }
    if (batch < 1 || batch > 100_000) {
      throw new CliException("--batch: must be between 1 and 100000");
    }
    if (appraisals > 0 && jdbcUrl == null) {
      throw new CliException("--appraisals needs --jdbc-url (no API creates appraisal rows)");
    }
    Duration keep = LoadCommand.duration("--retention", retention);
    if (keep.compareTo(Duration.ofHours(2)) < 0) {
      throw new CliException("--retention: at least 2h");
    }
    if (appraisals > 8_192) {
      err.println(
          "note: the server evicts appraisal rows beyond min(kbs.appraisal.max-rows,"
              + " kbs.appraisal.max-total-bytes / kbs.appraisal.max-record-bytes), 8192 with the"
              + " defaults; raise them to keep "
              + appraisals
              + " rows");
    }
    if (secrets > 0 || referenceValues > 0) {
      seedThroughApi(err);
    }
    if (appraisals > 0) {
      long n =
          new LoadSeedAppraisals(jdbcUrl, jdbcUser, System.getenv("KBS_JDBC_PASSWORD"), err)
              .insert(appraisals, batch, keep, parent.root.clock().instant());
      err.println("inserted " + n + " appraisal rows");
    }
    err.flush();
  }

  private void seedThroughApi(PrintWriter err) {
    if (admin.server.url == null) {
      throw new CliException(
          ServerOptions.NO_URL + " (needed for --secrets and --reference-values)");
    }
    URI base = admin.server.baseUri();
    boolean tls = "https".equals(base.getScheme());
    SSLContext ctx = null;
    if (tls) {
      try {
        ctx = SSLContext.getInstance("TLS");
        ctx.init(null, admin.server.trustManagers(), null);
      } catch (GeneralSecurityException e) {
        throw new CliException("cannot create a TLS context", e);
      }
    }
    int port = base.getPort() > 0 ? base.getPort() : tls ? 443 : 80;
    LoadHttp.Endpoint endpoint =
        new LoadHttp.Endpoint(
            new InetSocketAddress(base.getHost(), port), base.getHost(), port, ctx, null);
    String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    int timeoutMillis = Math.multiplyExact(admin.server.timeoutSeconds, 1000);
    Optional<PrivateKey> key = Optional.ofNullable(admin.adminKey).map(AdminToken::readKey);
    SecureRandom random = new SecureRandom();
    HexFormat hex = HexFormat.of();
    if (secrets > 0) {
      runApi(
          "secrets",
          secrets,
          err,
          endpoint,
          timeoutMillis,
          key,
          i -> {
            byte[] value = new byte[32];
            random.nextBytes(value);
            return new Request(
                basePath + "/kbs/v0/resource/seed/secret/" + (first + i),
                "application/octet-stream",
                value);
          });
    }
    if (referenceValues > 0) {
      long messages = (referenceValues + rvBatch - 1) / rvBatch;
      runApi(
          "reference values (" + rvBatch + " per message)",
          messages,
          err,
          endpoint,
          timeoutMillis,
          key,
          m -> {
            ObjectNode values = JsonNodeFactory.instance.objectNode();
            long from = m * rvBatch;
            long to = Math.min(referenceValues, from + rvBatch);
            for (long i = from; i < to; i++) {
              byte[] v = new byte[48];
              random.nextBytes(v);
              values.putArray("seed_rv_" + (first + i)).add(hex.formatHex(v));
            }
            ObjectNode message = JsonNodeFactory.instance.objectNode();
            message.put("version", "0.1.0");
            message.put("type", "sample");
            message.put(
                "payload",
                Base64.getEncoder()
                    .encodeToString(values.toString().getBytes(StandardCharsets.UTF_8)));
            return new Request(
                basePath + "/kbs/v0/reference-value",
                KbsHttp.JSON_TYPE,
                message.toString().getBytes(StandardCharsets.UTF_8));
          });
    }
  }

  private record Request(String path, String contentType, byte[] body) {}

  /**
   * Sends {@code count} POSTs from {@code concurrency} threads, printing progress each second when
   * {@link Progress#shown} and the final count always.
   */
  private void runApi(
      String what,
      long count,
      PrintWriter err,
      LoadHttp.Endpoint endpoint,
      int timeoutMillis,
      Optional<PrivateKey> key,
      LongFunction<Request> request) {
    AtomicLong next = new AtomicLong();
    AtomicLong done = new AtomicLong();
    AtomicReference<String> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < Math.min(concurrency, count); t++) {
      Thread th =
          new Thread(
              () -> {
                LoadHttp conn = null;
                String token = null;
                long mintedAt = 0;
                try {
                  for (long i = next.getAndIncrement();
                      i < count && failure.get() == null;
                      i = next.getAndIncrement()) {
                    if (key.isPresent() && System.nanoTime() - mintedAt > 60_000_000_000L) {
                      token =
                          AdminToken.mint(
                              key.get(),
                              parent.root.clock().instant(),
                              Optional.ofNullable(admin.role));
                      mintedAt = System.nanoTime();
                    }
                    Request r = request.apply(i);
                    List<String> headers =
                        token == null
                            ? List.of("Content-Type", r.contentType())
                            : List.of(
                                "Content-Type",
                                r.contentType(),
                                "Authorization",
                                "Bearer " + token);
                    LoadHttp.Response resp;
                    try {
                      if (conn == null || !conn.reusable()) {
                        conn = LoadHttp.connect(endpoint, timeoutMillis);
                      }
                      resp = conn.exchange("POST", r.path(), headers, r.body());
                    } catch (LoadHttp.StaleConnectionException e) {
                      conn = LoadHttp.connect(endpoint, timeoutMillis);
                      resp = conn.exchange("POST", r.path(), headers, r.body());
                    }
                    if (resp.status() / 100 != 2) {
                      failure.compareAndSet(
                          null,
                          "POST "
                              + r.path()
                              + " failed: HTTP "
                              + resp.status()
                              + KbsHttp.describeError(resp.body()));
                    }
                    done.incrementAndGet();
                  }
                } catch (IOException | RuntimeException e) {
                  failure.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
                } finally {
                  if (conn != null) {
                    conn.close();
                  }
                }
              },
              "seed-" + t);
      th.setDaemon(true);
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      while (th.isAlive()) {
        try {
          th.join(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CliException("interrupted");
        }
        if (th.isAlive() && Progress.shown(progress, parent.root.environment())) {
          progress(err, what, done.get(), count, start);
        }
      }
    }
    progress(err, what, done.get(), count, start);
    if (failure.get() != null) {
      throw new CliException("seeding " + what + ": " + failure.get());
    }
  }

  private static void progress(PrintWriter err, String what, long done, long count, long start) {
    double s = (System.nanoTime() - start) / 1e9;
    err.printf(
        Locale.ROOT,
        "%s: %d / %d (%.0f/s, %.0f s)%n",
        what,
        done,
        count,
        done / Math.max(s, 1e-3),
        s);
    err.flush();
  }
}
