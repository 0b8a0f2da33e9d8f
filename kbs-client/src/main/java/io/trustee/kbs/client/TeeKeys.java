package io.trustee.kbs.client;

import io.trustee.kbs.crypto.EcCurves;
import io.trustee.kbs.crypto.Pem;
import io.trustee.kbs.crypto.PemException;
import io.trustee.kbs.protocol.TeePublicKey;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Base64;
import java.util.Objects;

/**
 * The guest's ephemeral TEE key pair and its {@code tee-pubkey} JWK (kbs-protocol.md §6): EC P-256
 * with {@code ECDH-ES+A256KW} (the guest default) or RSA-2048 with {@code RSA-OAEP-256}. The
 * private key never leaves memory unless the user asks for it with {@code attest --save-key}.
 *
 * <p>Immutable; {@link #toString()} shows only the public JWK.
 */
record TeeKeys(KeyPair pair, TeePublicKey jwk) {
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  TeeKeys {
    Objects.requireNonNull(pair, "pair");
    Objects.requireNonNull(jwk, "jwk");
  }

  /** A fresh key pair of {@code type} ({@code ec} or {@code rsa}). */
  static TeeKeys generate(String type) {
    return switch (type) {
      case "ec" -> of(Pem.generateP256());
      case "rsa" -> {
        try {
          KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
          g.initialize(
              new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), new SecureRandom());
          yield of(g.generateKeyPair());
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("RSA unavailable", e);
        }
      }
      default ->
          throw new CliException("--key-type: unknown key type '" + type + "' (expected ec, rsa)");
    };
  }

  /** Wraps an existing P-256 or RSA pair. */
  static TeeKeys of(KeyPair pair) {
    PublicKey pub = pair.getPublic();
    if (pub instanceof ECPublicKey ec) {
      if (EcCurves.coordinateLength(ec.getParams()) != 32) {
        throw new CliException("TEE key: only EC P-256 is supported");
      }
      return new TeeKeys(
          pair,
          new TeePublicKey.Ec(
              "P-256",
              "ECDH-ES+A256KW",
              B64URL.encodeToString(EcCurves.unsigned(ec.getW().getAffineX(), 32)),
              B64URL.encodeToString(EcCurves.unsigned(ec.getW().getAffineY(), 32))));
    }
    if (pub instanceof RSAPublicKey rsa) {
      return new TeeKeys(
          pair,
          new TeePublicKey.Rsa(
              "RSA-OAEP-256", unsigned(rsa.getModulus()), unsigned(rsa.getPublicExponent())));
    }
    throw new CliException("TEE key: unsupported key type " + pub.getAlgorithm());
  }

  private static String unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    int skip = b.length > 1 && b[0] == 0 ? 1 : 0;
    return B64URL.encodeToString(java.util.Arrays.copyOfRange(b, skip, b.length));
  }

  /**
   * Writes private and public key (PEM) to {@code file}, readable by the owner only where the file
   * system supports POSIX permissions. Refuses to overwrite an existing file.
   */
  void save(String option, Path file) {
    String pem = Pem.write(pair.getPrivate()) + Pem.write(pair.getPublic());
    try {
      Files.createFile(file, ownerOnly(file));
      Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new CliException(option + " " + file + ": exists; refusing to overwrite a key file");
    } catch (IOException e) {
      throw new CliException(option + " " + file + ": cannot write (" + e.getMessage() + ")", e);
    }
  }

  static java.nio.file.attribute.FileAttribute<?>[] ownerOnly(Path file) {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new java.nio.file.attribute.FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
      };
    }
    return new java.nio.file.attribute.FileAttribute<?>[0];
  }

  /** Reads a file written by {@link #save}. */
  static TeeKeys load(String option, Path file) {
    String pem = new String(Files2.read(option, file), StandardCharsets.US_ASCII);
    try {
      PrivateKey priv = Pem.parsePrivateKey(pem, file.toString());
      PublicKey pub = Pem.parsePublicKey(pem, file.toString());
      return of(new KeyPair(pub, priv));
    } catch (PemException e) {
      throw new CliException(option + " " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "TeeKeys[" + jwk.toJcsJson() + "]";
  }
}
