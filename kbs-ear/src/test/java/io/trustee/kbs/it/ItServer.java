package io.trustee.kbs.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Controls the integration-test Liberty server (started by the build before the tests): restart it,
 * optionally with a configuration override dropped into {@code configDropins/overrides}, and wait
 * until {@code /healthz} answers.
 */
final class ItServer {
  private ItServer() {}

  static String keystorePassword() {
    return System.getProperty("kbs.it.keystore-password", "kbs-it-only");
  }

  static Path wlp() {
    return Path.of(System.getProperty("kbs.it.wlp-dir", "../target/liberty/wlp"));
  }

  static String name() {
    return System.getProperty("kbs.it.server-name", "kbs-it");
  }

  static Path serverDir() {
    return wlp().resolve("usr/servers").resolve(name());
  }

  /** Writes (or with null removes) a server.xml override of MicroProfile Config variables. */
  static void override(Map<String, String> variables) throws IOException {
    Path f = serverDir().resolve("configDropins/overrides/kbs-it-override.xml");
    if (variables == null) {
      Files.deleteIfExists(f);
      return;
    }
    Files.createDirectories(f.getParent());
    StringBuilder sb = new StringBuilder("<server>\n");
    variables.forEach(
        (k, v) ->
            sb.append("  <variable name=\"")
                .append(k)
                .append("\" value=\"")
                .append(v)
                .append("\"/>\n"));
    Files.writeString(f, sb.append("</server>\n").toString());
  }

  static void stop() throws IOException, InterruptedException {
    stop(name());
  }

  static void start() throws IOException, InterruptedException {
    start(name());
    waitUntilUp();
  }

  /**
   * Stops the Liberty server {@code server} (of this build's runtime); fine if it is not running.
   */
  static void stop(String server) throws IOException, InterruptedException {
    run(List.of(wlp().resolve("bin/server").toString(), "stop", server));
  }

  /** Starts {@code server}; returns when Liberty is up (the application may still be starting). */
  static void start(String server) throws IOException, InterruptedException {
    run(List.of(wlp().resolve("bin/server").toString(), "start", server));
  }

  /** The process id of the running server {@code server}, from Liberty's pid file. */
  static long pid(String server) throws IOException {
    return Long.parseLong(
        Files.readString(wlp().resolve("usr/servers/.pid").resolve(server + ".pid")).trim());
  }

  /** The server's {@code messages.log} (where the KBS logs "KBS ready"). */
  static Path messagesLog(String server) {
    return wlp().resolve("usr/servers").resolve(server).resolve("logs/messages.log");
  }

  static void restart() throws IOException, InterruptedException {
    stop();
    start();
  }

  private static void run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0 && !out.contains("is not running")) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
    }
  }

  private static volatile boolean firstStartSeen;

  /** The build starts the server before the tests, but the application may still be starting. */
  static synchronized void awaitFirstStart() {
    if (firstStartSeen) {
      return;
    }
    try {
      waitUntilUp();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    firstStartSeen = true;
  }

  static void waitUntilUp() throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
    while (Instant.now().isBefore(deadline)) {
      try {
        if (new KbsHttp(false).get("/healthz").status() == 200) {
          return;
        }
      } catch (RuntimeException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("test server did not come back within 180 s");
  }
}
