package io.trustee.kbs.service;

import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.rvps.ProvenanceVerifier;
import io.trustee.kbs.rvps.ReferenceValueRepository;
import io.trustee.kbs.rvps.ReferenceValueService;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Wires the plain-Java RVPS ({@link ReferenceValueService}) to the JPA repository and to the
 * provenance settings: {@code kbs.rvps.publisher-keys} (comma-separated PEM files of publisher
 * public keys) and {@code kbs.rvps.require-signed} (refuse unsigned registrations; upstream accepts
 * anything). The provenance verifier is built once, when the container creates the bean (at start,
 * {@link KbsStartup}).
 */
@ApplicationScoped
public class RvpsConfig {
  private static final Logger LOG = Logger.getLogger(RvpsConfig.class.getName());

  @Inject KbsSettings settings;
  @Inject ReferenceValueRepository repository;
  @Inject Clock clock;

  private ProvenanceVerifier provenance;

  @PostConstruct
  void init() {
    List<PublicKey> keys = new ArrayList<>();
    for (Path p : settings.rvpsPublisherKeys()) {
      try {
        keys.addAll(ProvenanceVerifier.readPublicKeys(Files.readString(p)));
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalStateException("kbs.rvps.publisher-keys " + p + ": " + e.getMessage(), e);
      }
    }
    boolean required = settings.rvpsRequireSigned();
    try {
      provenance = new ProvenanceVerifier(keys, ProvenanceVerifier.DEFAULT_ALGORITHMS, required);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("kbs.rvps.require-signed: " + e.getMessage(), e);
    }
    LOG.info(
        () ->
            "reference values: "
                + keys.size()
                + " publisher key(s), signatures "
                + (required ? "required" : "optional"));
  }

  /** A service over the current transaction's repository. */
  public ReferenceValueService service() {
    return new ReferenceValueService(repository, provenance, clock);
  }
}
