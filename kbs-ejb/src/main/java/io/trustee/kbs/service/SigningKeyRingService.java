package io.trustee.kbs.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.json.Json;
import io.trustee.kbs.resource.ResourceCipher;
import io.trustee.kbs.resource.ResourceCipherException;
import io.trustee.kbs.store.SigningKeyRepository;
import io.trustee.kbs.store.StoredSigningKey;
import io.trustee.kbs.token.JwkKeys;
import io.trustee.kbs.token.SigningKeyException;
import io.trustee.kbs.token.SigningKeyMaterial;
import io.trustee.kbs.token.SigningKeyRing;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The token signing key ring in the database ({@code KBS_SIGNING_KEY}), shared by every replica:
 * importing the operator's key, rotating to a fresh key, and reading the ring. Private keys are
 * sealed with the key-encryption key under the label {@code token-signing-key:<kid>}.
 *
 * <p>Import rule: a key (the operator's {@code kbs.token.key-file}, or at first start the key in
 * {@code <data>/keys}) becomes the active key only if its kid is not in the ring yet; a key the
 * ring already has (for instance one a later rotation retired) is never re-activated, so restarts
 * cannot undo a rotation. Without {@code kbs.token.key-file} the data-directory key is imported
 * only into an empty ring.
 */
@Stateless
public class SigningKeyRingService {
  private static final Logger LOG = Logger.getLogger(SigningKeyRingService.class.getName());
  private static final ObjectMapper JSON = Json.mapper();

  /** Label prefix of the sealed private keys. */
  static final String LABEL = "token-signing-key:";

  @Inject SigningKeyRepository repository;
  @Inject ResourceVault vault;
  @Inject Clock clock;

  /**
   * Every stored key, fresh from the database; outside the caller's transaction, so that a failed
   * read (database briefly away) cannot doom the request that triggered a ring refresh.
   */
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public List<StoredSigningKey> all() {
    return repository.all();
  }

  /**
   * Adds {@code material} as the active key (retiring the others) unless its kid is stored.
   *
   * @return true if it was added
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public boolean importIfAbsent(SigningKeyMaterial material, String source, boolean onlyIfEmpty) {
    List<StoredSigningKey> stored = repository.all();
    if (onlyIfEmpty && !stored.isEmpty()) {
      return false;
    }
    if (stored.stream().anyMatch(k -> k.kid().equals(material.kid()))) {
      return false;
    }
    insertActive(material, source);
    return true;
  }

  /** Generates a fresh P-256 key, makes it the active key and retires the others. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public StoredSigningKey rotate() {
    StoredSigningKey k = insertActive(SigningKeyMaterial.generate(), "rotated");
    LOG.info(() -> "token signing key rotated: new kid " + k.kid());
    return k;
  }

  private StoredSigningKey insertActive(SigningKeyMaterial material, String source) {
    Instant now = clock.instant();
    ResourceCipher cipher = vault.cipher();
    byte[] der = material.privateKeyPkcs8();
    byte[] sealed;
    try {
      sealed = cipher.sealLabelled(LABEL + material.kid(), der);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
    StoredSigningKey k =
        new StoredSigningKey(
            material.kid(),
            "ES256",
            io.trustee.kbs.token.SigningKeyMaterial.thumbprintJwk(material.publicKey()).toString(),
            sealed,
            cipher.keyId(),
            source,
            now,
            now,
            Optional.empty());
    repository.insert(k);
    int retired = repository.retireAllExcept(k.kid(), now);
    LOG.info(
        () ->
            "token signing key "
                + k.kid()
                + " ("
                + source
                + ") is now active; "
                + retired
                + " older key(s) retired, still verifying until their tokens expire");
    return k;
  }

  /** The ring of the stored rows (public keys only). */
  public static SigningKeyRing ring(List<StoredSigningKey> stored) {
    List<SigningKeyRing.Entry> entries = new ArrayList<>();
    for (StoredSigningKey k : stored) {
      entries.add(
          new SigningKeyRing.Entry(k.kid(), publicKeyOf(k), k.activatedAt(), k.retiredAt()));
    }
    return new SigningKeyRing(entries);
  }

  static ECPublicKey publicKeyOf(StoredSigningKey k) {
    try {
      JsonNode jwk = JSON.readTree(k.publicJwk());
      if (!(JwkKeys.toPublicKey(jwk) instanceof ECPublicKey ec)) {
        throw new IllegalStateException("signing key " + k.kid() + " is not an EC key");
      }
      return ec;
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("signing key " + k.kid() + ": bad public JWK", e);
    }
  }

  /** Opens the sealed private key of {@code k}. */
  static SigningKeyMaterial unseal(ResourceCipher cipher, StoredSigningKey k)
      throws ResourceCipherException, SigningKeyException {
    byte[] der = cipher.openLabelled(LABEL + k.kid(), k.sealedPrivate());
    try {
      SigningKeyMaterial m = SigningKeyMaterial.fromPkcs8(der, "signing key " + k.kid());
      if (!m.kid().equals(k.kid())) {
        throw new SigningKeyException("signing key " + k.kid() + ": private key does not match");
      }
      return m;
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }
}
