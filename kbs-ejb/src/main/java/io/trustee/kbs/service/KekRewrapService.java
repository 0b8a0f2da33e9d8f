package io.trustee.kbs.service;

import io.trustee.kbs.resource.ResourceCipher;
import io.trustee.kbs.store.SealedResourceRows;
import io.trustee.kbs.store.SigningKeyRepository;
import io.trustee.kbs.store.StoredSigningKey;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Key-encryption-key rotation for administrators: the status (active key, keys this replica knows,
 * how many stored values each key seals) and the online re-wrap of every sealed secret and signing
 * key to the active key, in batches of one transaction each, so a long run never holds locks on the
 * whole table and an interrupted run is simply repeated (idempotent: values under the active key
 * are only checked). Values sealed under a key this replica does not know are counted and named in
 * {@code failures}, never a 500.
 */
@Stateless
public class KekRewrapService {
  private static final Logger LOG = Logger.getLogger(KekRewrapService.class.getName());

  /** Bounds of the batch size. */
  public static final int MAX_BATCH = 1000;

  private static final int MAX_FAILURES_SHOWN = 50;

  @Inject KekRewrapBatch batches;
  @Inject SealedResourceRows resources;
  @Inject SigningKeyRepository signingKeys;
  @Inject ResourceVault vault;

  /** {@code {"active_kek", "known_keks", "secrets_by_kek", "signing_keys_by_kek"}}. */
  public KekStatus status() {
    ResourceCipher cipher = vault.cipher();
    Map<String, Long> keys = new TreeMap<>();
    for (StoredSigningKey k : signingKeys.all()) {
      keys.merge(k.kekId(), 1L, Long::sum);
    }
    return new KekStatus(
        cipher.keyId(),
        List.copyOf(cipher.knownKeyIds()),
        new LinkedHashMap<>(resources.countByKeyId()),
        keys);
  }

  /**
   * Re-wraps everything to the active key; {@code batchSize} is clamped to 1..{@link #MAX_BATCH}.
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public KekRewrapReport rewrap(int batchSize) {
    int size = Math.max(1, Math.min(batchSize, MAX_BATCH));
    String active = vault.cipher().keyId();
    int batchCount = 0;
    int examined = 0;
    int rewrapped = 0;
    int current = 0;
    int changed = 0;
    List<String> failures = new ArrayList<>();
    int failureCount = 0;
    String after = "";
    while (true) {
      KekRewrapBatch.Outcome b = batches.resources(after, size);
      if (b.examined() == 0) {
        break;
      }
      batchCount++;
      examined += b.examined();
      rewrapped += b.rewrapped();
      current += b.current();
      changed += b.changed();
      failureCount += b.failures().size();
      for (String f : b.failures()) {
        if (failures.size() < MAX_FAILURES_SHOWN) {
          failures.add(f);
        }
      }
      after = b.lastPath().orElseThrow();
    }
    KekRewrapBatch.Outcome keys = batches.signingKeys();
    List<String> all = new ArrayList<>(failures);
    all.addAll(keys.failures());
    KekRewrapReport report =
        new KekRewrapReport(
            active,
            size,
            new KekRewrapReport.Secrets(
                batchCount, examined, rewrapped, current, changed, failureCount),
            new KekRewrapReport.SigningKeys(
                keys.examined(),
                keys.rewrapped(),
                keys.current(),
                keys.changed(),
                keys.failures().size()),
            all.stream().limit(MAX_FAILURES_SHOWN).toList());
    int fc = failureCount;
    int rw = rewrapped;
    LOG.info(
        () ->
            "admin: KEK re-wrap to "
                + active
                + ": "
                + rw
                + " secrets and "
                + keys.rewrapped()
                + " signing keys re-wrapped, "
                + (fc + keys.failures().size())
                + " not openable here");
    return report;
  }
}
