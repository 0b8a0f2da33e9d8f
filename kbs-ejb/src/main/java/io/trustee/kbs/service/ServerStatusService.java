package io.trustee.kbs.service;

import io.trustee.kbs.metrics.BuildInfo;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server status for administrators ({@link ServerStatusView}): the TEEs on offer with the AMD
 * chains loaded and when, the readiness warnings, whether the database answers a trivial read, and
 * which replica answered. No writes.
 */
@ApplicationScoped
public class ServerStatusService {

  private static final Logger LOG = Logger.getLogger(ServerStatusService.class.getName());
  private static final Instant STARTED = Instant.now();

  @Inject VerifierProducer verifiers;
  @EJB KbsStartup startup;
  @EJB HealthService health;

  public ServerStatusView status() {
    Map<String, String> warnings = new LinkedHashMap<>();
    startup.warnings().forEach(w -> warnings.put(w.key(), w.text()));
    return new ServerStatusView(
        verifiers.teeStatus(),
        warnings,
        database(),
        new ServerStatusView.Replica(
            host(), STARTED.toString(), BuildInfo.current().version(), startup.started()));
  }

  private ServerStatusView.Database database() {
    long t0 = System.nanoTime();
    try {
      health.databaseAnswers();
      return new ServerStatusView.Database(true, (System.nanoTime() - t0) / 1_000_000, null);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "status: the database did not answer", e);
      return new ServerStatusView.Database(
          false, (System.nanoTime() - t0) / 1_000_000, "the database did not answer (see the log)");
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
