package io.trustee.kbs.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * A guest of the {@code sample} TEE, written from the protocol spec independently of the server
 * code: it owns an ephemeral TEE key (EC P-256 or RSA-2048), computes the report-data binding
 * (SHA-384 of the JCS runtime data), builds the 0.4.0 attestation body and decrypts resource JWEs.
 */
final class SampleGuest {
  private static final ObjectMapper SORTED =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  final KbsHttp http;
  private final KeyPair keys;
  private final boolean rsa;
  private final String rsaAlg;

  private SampleGuest(KeyPair keys, boolean rsa) {
    this(new KbsHttp(), keys, rsa, "RSA-OAEP-256");
  }

  private SampleGuest(KeyPair keys, boolean rsa, String rsaAlg) {
    this(new KbsHttp(), keys, rsa, rsaAlg);
  }

  private SampleGuest(KbsHttp http, KeyPair keys, boolean rsa, String rsaAlg) {
    this.http = http;
    this.keys = keys;
    this.rsa = rsa;
    this.rsaAlg = rsaAlg;
  }

  static SampleGuest ec() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return new SampleGuest(g.generateKeyPair(), false);
  }

  /** An EC guest that talks through {@code http} (e.g. a client of several replicas). */
  /** A fresh attested guest's {@code GET /kbs/v0/resource/<path>}. */
  static KbsHttp.Reply fetchAttested(String path) throws Exception {
    SampleGuest guest = ec();
    guest.attest();
    return guest.http.get("/kbs/v0/resource/" + path);
  }

  /** A fresh attested guest's secret at {@code path}, decrypted (the release must succeed). */
  static String releasedSecret(String path) throws Exception {
    SampleGuest guest = ec();
    guest.attest();
    KbsHttp.Reply r = guest.http.get("/kbs/v0/resource/" + path);
    if (r.status() != 200) {
      throw new AssertionError("release of " + path + ": HTTP " + r.status() + " " + r.body());
    }
    return new String(guest.decrypt(r.json()), StandardCharsets.UTF_8);
  }

  static SampleGuest ec(KbsHttp http) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return new SampleGuest(http, g.generateKeyPair(), false, "RSA-OAEP-256");
  }

  static SampleGuest rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return new SampleGuest(g.generateKeyPair(), true);
  }

  /** An RSA guest asking for RSA1_5 key wrapping (what 0.1.x guests use). */
  static SampleGuest rsa15() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return new SampleGuest(g.generateKeyPair(), true, "RSA1_5");
  }

  private static String unsigned(java.math.BigInteger v, int len) {
    byte[] b = v.toByteArray();
    if (b.length > len) {
      b = Arrays.copyOfRange(b, b.length - len, b.length);
    } else if (b.length < len) {
      byte[] p = new byte[len];
      System.arraycopy(b, 0, p, len - b.length, b.length);
      b = p;
    }
    return B64URL.encodeToString(b);
  }

  /** The tee-pubkey JWK (members of kbs-protocol.md §6 only). */
  Map<String, String> teePubkey() {
    Map<String, String> jwk = new TreeMap<>();
    if (rsa) {
      RSAPublicKey k = (RSAPublicKey) keys.getPublic();
      jwk.put("kty", "RSA");
      jwk.put("alg", rsaAlg);
      byte[] n = k.getModulus().toByteArray();
      if (n[0] == 0) {
        n = Arrays.copyOfRange(n, 1, n.length);
      }
      jwk.put("n", B64URL.encodeToString(n));
      jwk.put("e", B64URL.encodeToString(k.getPublicExponent().toByteArray()));
    } else {
      ECPublicKey k = (ECPublicKey) keys.getPublic();
      jwk.put("kty", "EC");
      jwk.put("crv", "P-256");
      jwk.put("alg", "ECDH-ES+A256KW");
      jwk.put("x", unsigned(k.getW().getAffineX(), 32));
      jwk.put("y", unsigned(k.getW().getAffineY(), 32));
    }
    return jwk;
  }

  /** SHA-384 of the JCS form of {additional-evidence, nonce, tee-pubkey}. */
  byte[] reportData(String nonce) throws Exception {
    Map<String, Object> rd = new TreeMap<>();
    rd.put("additional-evidence", "");
    rd.put("nonce", nonce);
    rd.put("tee-pubkey", teePubkey());
    byte[] canonical = SORTED.writeValueAsString(rd).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.getInstance("SHA-384").digest(canonical);
  }

  /** The 0.4.0 attestation body with sample evidence bound to the given report data. */
  ObjectNode attestationBody(String nonce, byte[] reportData) {
    ObjectNode primary = KbsHttp.JSON.createObjectNode();
    primary.put("svn", "1");
    primary.put("report_data", Base64.getEncoder().encodeToString(reportData));
    return attestationBody(nonce, primary);
  }

  /** The 0.4.0 attestation body around any TEE's primary evidence. */
  ObjectNode attestationBody(String nonce, JsonNode primaryEvidence) {
    ObjectNode body = KbsHttp.JSON.createObjectNode();
    ObjectNode runtime = body.putObject("runtime-data");
    runtime.put("nonce", nonce);
    runtime.set("tee-pubkey", KbsHttp.JSON.valueToTree(teePubkey()));
    ObjectNode evidence = body.putObject("tee-evidence");
    evidence.set("primary_evidence", primaryEvidence);
    evidence.put("additional_evidence", "");
    return body;
  }

  KbsHttp.Reply auth() {
    return auth("sample");
  }

  KbsHttp.Reply auth(String tee) {
    ObjectNode req = KbsHttp.JSON.createObjectNode();
    req.put("version", "0.4.0");
    req.put("tee", tee);
    req.putObject("extra-params").putArray("supported-hash-algorithms").add("sha384");
    return http.postJson("/kbs/v0/auth", req);
  }

  /** auth + attest; returns the token. */
  String attest() throws Exception {
    KbsHttp.Reply a = auth();
    if (a.status() != 200) {
      throw new AssertionError("auth failed: " + a);
    }
    String nonce = a.json().get("nonce").asText();
    KbsHttp.Reply t = http.postJson("/kbs/v0/attest", attestationBody(nonce, reportData(nonce)));
    if (t.status() != 200) {
      throw new AssertionError("attest failed: " + t);
    }
    return t.json().get("token").asText();
  }

  /** Decrypts a flattened JWE resource response with the TEE private key. */
  byte[] decrypt(JsonNode jwe) throws Exception {
    String compact =
        String.join(
            ".",
            jwe.get("protected").asText(),
            jwe.get("encrypted_key").asText(),
            jwe.get("iv").asText(),
            jwe.get("ciphertext").asText(),
            jwe.get("tag").asText());
    JWEObject o = JWEObject.parse(compact);
    if (rsa) {
      o.decrypt(new RSADecrypter(keys.getPrivate()));
    } else {
      o.decrypt(new ECDHDecrypter((ECPrivateKey) keys.getPrivate()));
    }
    return o.getPayload().toBytes();
  }
}
