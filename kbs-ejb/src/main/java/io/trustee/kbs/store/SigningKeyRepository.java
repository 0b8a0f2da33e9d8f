package io.trustee.kbs.store;

import java.time.Instant;
import java.util.List;

/**
 * The token signing key ring (table {@code KBS_SIGNING_KEY}). Reads bypass any cache: the ring is
 * shared by every replica and read every few seconds. Callers that write run in a transaction.
 */
public interface SigningKeyRepository {

  /** Every key, fresh from the database. */
  List<StoredSigningKey> all();

  /** Inserts a key; fails (at commit at the latest) if its kid is already stored. */
  void insert(StoredSigningKey key);

  /** Marks every unretired key other than {@code exceptKid} retired at {@code now}. */
  int retireAllExcept(String exceptKid, Instant now);

  /**
   * Replaces the sealed private key of {@code kid} if it is still sealed under {@code oldKekId};
   * returns false when the row changed meanwhile (idempotent re-wrap).
   */
  boolean replaceSealing(String kid, String oldKekId, byte[] sealed, String newKekId);
}
