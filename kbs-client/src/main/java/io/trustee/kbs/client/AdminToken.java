package io.trustee.kbs.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import io.trustee.kbs.crypto.Pem;
import io.trustee.kbs.crypto.PemException;
import io.trustee.kbs.token.Ed25519Jws;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.time.Duration;
import java.time.Instant;
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

  /**
   * The compact JWS for {@code now}, signed by Nimbus's {@link JWSObject} (Ed25519 over the JDK).
   */
  static String mint(PrivateKey key, Instant now, Optional<String> role) {
    return mint(key, now, role, LIFETIME);
  }

  /** As {@link #mint(PrivateKey, Instant, Optional)} with {@code exp = iat + lifetime}. */
  static String mint(PrivateKey key, Instant now, Optional<String> role, Duration lifetime) {
    Objects.requireNonNull(key, "key");
    long iat = now.getEpochSecond();
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("iat", iat);
    payload.put("exp", iat + lifetime.getSeconds());
    role.ifPresent(r -> payload.put("role", r));
    try {
      JWSObject jws =
          new JWSObject(
              new JWSHeader.Builder(JWSAlgorithm.EdDSA).type(JOSEObjectType.JWT).build(),
              new Payload(payload.toString().getBytes(StandardCharsets.UTF_8)));
      jws.sign(Ed25519Jws.signer(key));
      return jws.serialize();
    } catch (JOSEException e) {
      throw new CliException(
          "cannot sign the admin token with an " + key.getAlgorithm() + " key", e);
    }
  }
}
