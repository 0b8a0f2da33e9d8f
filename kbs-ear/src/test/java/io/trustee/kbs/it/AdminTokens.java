package io.trustee.kbs.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * Mints admin tokens the way the Red Hat documentation does (an EdDSA JWT signed with the Ed25519
 * private key whose public half the KBS trusts), with the JDK only. The test server creates its
 * admin key pair on first start in its data directory; "wrong key" tokens come from a fresh key.
 */
final class AdminTokens {
  private AdminTokens() {}

  static Path privateKeyFile() {
    return KbsHttp.dataDir().resolve("admin/admin-private.pem");
  }

  static PrivateKey serverTrustedKey() throws Exception {
    String pem = Files.readString(privateKeyFile());
    String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("Ed25519")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
  }

  static PrivateKey otherKey() throws Exception {
    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
  }

  static String token(PrivateKey key, long expiresInSeconds) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    long now = Instant.now().getEpochSecond();
    String header = b64.encodeToString("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}".getBytes());
    String payload =
        b64.encodeToString(
            ("{\"iat\":" + now + ",\"exp\":" + (now + expiresInSeconds) + "}")
                .getBytes(StandardCharsets.UTF_8));
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(key);
    s.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
    return header + "." + payload + "." + b64.encodeToString(s.sign());
  }

  /** A token with exactly {@code payloadJson} as its claims (e.g. without {@code exp}). */
  static String withPayload(PrivateKey key, String payloadJson) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}".getBytes());
    String payload = b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(key);
    s.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
    return header + "." + payload + "." + b64.encodeToString(s.sign());
  }

  static String valid() throws Exception {
    return token(serverTrustedKey(), 600);
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }
}
