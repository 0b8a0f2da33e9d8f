package io.trustee.kbs.service;

import io.trustee.kbs.resource.ResourceCipher;
import io.trustee.kbs.resource.ResourceCipherException;
import io.trustee.kbs.resource.ResourcePath;
import io.trustee.kbs.store.SealedResourceRows;
import io.trustee.kbs.store.SigningKeyRepository;
import io.trustee.kbs.store.StoredSigningKey;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One transaction of a key-encryption-key re-wrap ({@link KekRewrapService}): a batch of secrets in
 * path order, or all signing keys. Each value is opened with the key its envelope names and sealed
 * again under the active key; values already under the active key are only checked. A row changed
 * by an administrator after the batch read it is left alone (its new envelope is already under the
 * writer's active key).
 */
@Stateless
public class KekRewrapBatch {

  @Inject SealedResourceRows resources;
  @Inject SigningKeyRepository signingKeys;
  @Inject ResourceVault vault;

  /** What one batch did; {@code lastPath} is where the next batch starts. */
  public record Outcome(
      int examined,
      int rewrapped,
      int current,
      int changed,
      List<String> failures,
      Optional<String> lastPath) {}

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Outcome resources(String afterPath, int limit) {
    ResourceCipher cipher = vault.cipher();
    List<SealedResourceRows.Row> rows = resources.batchAfter(afterPath, limit);
    int rewrapped = 0;
    int current = 0;
    int changed = 0;
    List<String> failures = new ArrayList<>();
    for (SealedResourceRows.Row row : rows) {
      try {
        Optional<byte[]> again = cipher.rewrap(ResourcePath.parse(row.path()), row.sealed());
        if (again.isEmpty()) {
          current++;
        } else if (resources.replaceSealing(
            row.path(), row.version(), again.get(), cipher.keyId())) {
          rewrapped++;
        } else {
          changed++;
        }
      } catch (ResourceCipherException | IllegalArgumentException e) {
        failures.add(e.getMessage());
      }
    }
    return new Outcome(
        rows.size(),
        rewrapped,
        current,
        changed,
        failures,
        rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(rows.size() - 1).path()));
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Outcome signingKeys() {
    ResourceCipher cipher = vault.cipher();
    List<StoredSigningKey> all = signingKeys.all();
    int rewrapped = 0;
    int current = 0;
    int changed = 0;
    List<String> failures = new ArrayList<>();
    for (StoredSigningKey k : all) {
      String label = SigningKeyRingService.LABEL + k.kid();
      try {
        Optional<byte[]> again = cipher.rewrapLabelled(label, k.sealedPrivate());
        if (again.isEmpty()) {
          current++;
        } else if (signingKeys.replaceSealing(k.kid(), k.kekId(), again.get(), cipher.keyId())) {
          rewrapped++;
        } else {
          changed++;
        }
      } catch (ResourceCipherException e) {
        failures.add(e.getMessage());
      }
    }
    return new Outcome(all.size(), rewrapped, current, changed, failures, Optional.empty());
  }
}
