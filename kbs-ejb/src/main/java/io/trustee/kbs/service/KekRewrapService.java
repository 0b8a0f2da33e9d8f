package io.trustee.kbs.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.resource.ResourceCipher;
import io.trustee.kbs.store.SealedResourceRows;
import io.trustee.kbs.store.SigningKeyRepository;
import io.trustee.kbs.store.StoredSigningKey;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Key-encryption-key rotation for administrators: the status (active key, keys this replica
 * knows, how many stored values each key seals) and the online re-wrap of every sealed secret and
 * signing key to the active key, in batches of one transaction each, so a long run never holds
 * locks on the whole table and an interrupted run is simply repeated (idempotent: values under
 * the active key are only checked). Values sealed under a key this replica does not know are
 * counted and named in {@code failures}, never a 500.
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
  public ObjectNode status() {
    ResourceCipher cipher = vault.cipher();
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("active_kek", cipher.keyId());
    cipher.knownKeyIds().forEach(o.putArray("known_keks")::add);
    ObjectNode secrets = o.putObject("secrets_by_kek");
    resources.countByKeyId().forEach(secrets::put);
    Map<String, Long> keys = new TreeMap<>();
    for (StoredSigningKey k : signingKeys.all()) {
      keys.merge(k.kekId(), 1L, Long::sum);
    }
    ObjectNode sk = o.putObject("signing_keys_by_kek");
    keys.forEach(sk::put);
    return o;
  }

  /**
   * Re-wraps everything to the active key; {@code batchSize} is clamped to 1..{@link #MAX_BATCH}.
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public ObjectNode rewrap(int batchSize) {
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
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("active_kek", active);
    o.put("batch_size", size);
    ObjectNode s = o.putObject("secrets");
    s.put("batches", batchCount);
    s.put("examined", examined);
    s.put("rewrapped", rewrapped);
    s.put("already_current", current);
    s.put("changed_concurrently", changed);
    s.put("failed", failureCount);
    ObjectNode k = o.putObject("signing_keys");
    k.put("examined", keys.examined());
    k.put("rewrapped", keys.rewrapped());
    k.put("already_current", keys.current());
    k.put("changed_concurrently", keys.changed());
    k.put("failed", keys.failures().size());
    List<String> all = new ArrayList<>(failures);
    all.addAll(keys.failures());
    all.stream().limit(MAX_FAILURES_SHOWN).forEach(o.putArray("failures")::add);
    int fc = failureCount;
    int rw = rewrapped;
    LOG.info(() -> "admin: KEK re-wrap to " + active + ": " + rw + " secrets and "
        + keys.rewrapped() + " signing keys re-wrapped, " + (fc + keys.failures().size())
        + " not openable here");
    return o;
  }
}
