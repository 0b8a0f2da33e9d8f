package io.trustee.kbs.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.crypto.Pem;
import io.trustee.kbs.crypto.PemException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Mints the admin bearer token (kbs-protocol.md §10, legacy {@code auth_public_key} mode and our
 * Ed25519 personas): a compact JWS, header {@code {"alg":"EdDSA","typ":"JWT"}}, payload {@code
 * {"iat":<now>,"exp":<now+300>}} plus {@code role} when given (needed by the {@code
 * AuthenticatedAuthorization} ACL mode), signed with an Ed25519 private key. The algorithm is fixed
 * by the key type we accept, never chosen by input. Stateless and thread-safe.
 */
final class AdminToken {
  /** Lifetime of a minted token. */
  static final Duration LIFETIME = Duration.ofSeconds(300);

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private static final String HEADER = "{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}";

  private AdminToken() {}

  /** Reads an Ed25519 private key PEM named by {@code --admin-key}. */
  static PrivateKey readKey(Path file) {
    PrivateKey key;
    try {
      key = Pem.readPrivateKey(file);
    } catch (PemException e) {
      throw new CliException("--admin-key " + file + ": " + e.getMessage(), e);
    }
    if (!(key instanceof EdECPrivateKey ed) || !"Ed25519".equals(ed.getParams().getName())) {
      throw new CliException(
          "--admin-key "
              + file
              + ": must be an Ed25519 private key (found "
              + key.getAlgorithm()
              + ")");
    }
    return key;
  }

  /** The compact JWS for {@code now}. */
  static String mint(PrivateKey key, Instant now, Optional<String> role) {
    Objects.requireNonNull(key, "key");
    long iat = now.getEpochSecond();
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("iat", iat);
    payload.put("exp", iat + LIFETIME.getSeconds());
    role.ifPresent(r -> payload.put("role", r));
    String input =
        B64URL.encodeToString(HEADER.getBytes(StandardCharsets.UTF_8))
            + "."
            + B64URL.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64URL.encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new CliException(
          "cannot sign the admin token with an " + key.getAlgorithm() + " key", e);
    }
  }
}
