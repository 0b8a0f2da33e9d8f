package io.trustee.kbs.service;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server status for administrators ({@link ServerStatusView}): the TEEs on offer with the AMD
 * chains loaded, and the readiness warnings. Reads in-memory state only (no database, no writes),
 * so it is cheap and needs no transaction.
 */
@ApplicationScoped
public class ServerStatusService {

  @Inject VerifierProducer verifiers;
  @EJB KbsStartup startup;

  public ServerStatusView status() {
    Map<String, String> warnings = new LinkedHashMap<>();
    startup.warnings().forEach(w -> warnings.put(w.key(), w.text()));
    return new ServerStatusView(verifiers.teeStatus(), warnings);
  }
}
