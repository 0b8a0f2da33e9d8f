package io.trustee.kbs.service;

import io.trustee.kbs.resource.KeyEncryptionKey;
import io.trustee.kbs.resource.ResourceCipher;
import io.trustee.kbs.runtime.KbsSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Holds the cipher that seals secrets at rest. The key-encryption key comes from {@code KBS_KEK}
 * (base64 of 32 bytes, e.g. from a Kubernetes secret; every replica needs the same key) or from the
 * file {@code kbs.kek.file}, which is created with a random key on first start for development.
 * Loaded when the container creates the bean (at start, {@link KbsStartup}).
 *
 * <p>Rotation: {@code KBS_KEK_PREVIOUS} ({@code kbs.kek.previous}, base64, comma-separated) and
 * {@code kbs.kek.previous-files} name further keys that open but never seal; every envelope names
 * its key by id, so a replica opens secrets sealed under any key it knows. README ("With
 * PostgreSQL") has the rollout order; {@link KekRewrapService} re-seals stored values.
 */
@ApplicationScoped
public class ResourceVault {
  private static final Logger LOG = Logger.getLogger(ResourceVault.class.getName());

  @Inject KbsSettings settings;

  private ResourceCipher cipher;

  /** Reads (or creates) the keys; the container calls it once, when it creates the bean. */
  @PostConstruct
  void init() {
    KeyEncryptionKey kek;
    if (settings.kekBase64().isPresent()) {
      try {
        kek = KeyEncryptionKey.fromBase64(settings.kekBase64().get());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("KBS_KEK / kbs.kek: " + e.getMessage(), e);
      }
      LOG.info(() -> "secrets at rest: key-encryption key from KBS_KEK");
    } else {
      Path file = settings.kekFile();
      try {
        kek = KeyEncryptionKey.loadOrCreate(file);
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalStateException("kbs.kek.file " + file + ": " + e.getMessage(), e);
      }
      LOG.info(() -> "secrets at rest: key-encryption key file " + file);
    }
    java.util.List<KeyEncryptionKey> others = new java.util.ArrayList<>();
    java.util.List<String> previous = settings.kekPreviousBase64();
    for (int i = 0; i < previous.size(); i++) {
      try {
        others.add(KeyEncryptionKey.fromBase64(previous.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            "KBS_KEK_PREVIOUS / kbs.kek.previous entry " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    for (Path f : settings.kekPreviousFiles()) {
      try {
        others.add(
            KeyEncryptionKey.fromBase64(
                java.nio.file.Files.readString(f, java.nio.charset.StandardCharsets.US_ASCII)));
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalStateException("kbs.kek.previous-files " + f + ": " + e.getMessage(), e);
      }
    }
    ResourceCipher c = new ResourceCipher(kek, others);
    cipher = c;
    LOG.info(
        () ->
            "secrets at rest: sealing with key-encryption key "
                + c.keyId()
                + (c.knownKeyIds().size() > 1
                    ? ", also opening " + c.knownKeyIds().subList(1, c.knownKeyIds().size())
                    : ""));
  }

  public boolean loaded() {
    return cipher != null;
  }

  public ResourceCipher cipher() {
    return cipher;
  }
}
