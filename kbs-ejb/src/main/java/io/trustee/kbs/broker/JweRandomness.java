package io.trustee.kbs.broker;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.spec.ECParameterSpec;

/**
 * Where the encryptor gets its fresh values (CEK, IV, ephemeral EC key). Production uses {@link
 * #secure(SecureRandom)}; tests inject fixed values to reproduce the spec's vector. Implementations
 * must be thread-safe.
 */
interface JweRandomness {
  byte[] cek();

  byte[] iv();

  KeyPair ephemeral(ECParameterSpec curve) throws GeneralSecurityException;

  static JweRandomness secure(SecureRandom random) {
    return new JweRandomness() {
      @Override
      public byte[] cek() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return b;
      }

      @Override
      public byte[] iv() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return b;
      }

      @Override
      public KeyPair ephemeral(ECParameterSpec curve) throws GeneralSecurityException {
        return io.trustee.kbs.crypto.FastEc.generate(curve, random);
      }
    };
  }
}
