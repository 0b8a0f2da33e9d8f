package io.trustee.kbs.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.attestation.azsnpvtpm.HclReport;
import io.trustee.kbs.eventlog.EventLogSeeds;
import io.trustee.kbs.rvps.CorimSeeds;
import io.trustee.kbs.sim.AzSnpVtpmSimulator;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the committed seed corpus of the kbs-ejb fuzz targets: valid structures made by the
 * simulator (kbs-sim) or by hand, never copied from real evidence. {@link
 * FuzzSeedCorpusTest#writeSeeds} runs it to regenerate {@code
 * src/test/resources/io/trustee/kbs/fuzz/*Inputs/} (see README "Fuzzing"). Seeds named {@code
 * valid-*} must parse; {@link FuzzSeedCorpusTest} checks that they still do.
 */
public final class FuzzSeedCorpus {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64U = Base64.getUrlEncoder().withoutPadding();

  private FuzzSeedCorpus() {}

  /** Every seed: target class simple name → method → file name → bytes. */
  static Map<String, Map<String, byte[]>> seeds() throws Exception {
    Map<String, Map<String, byte[]>> all = new LinkedHashMap<>();
    AzSnpVtpmSimulator sim = AzSnpVtpmSimulator.create();
    byte[] reportData = new byte[64];
    Arrays.fill(reportData, (byte) 0x5a);
    ObjectNode ev = sim.evidenceJson(2, reportData);
    byte[] hcl = Base64.getUrlDecoder().decode(ev.get("hcl_report").textValue());
    byte[] vcek = Base64.getUrlDecoder().decode(ev.get("vcek").textValue());
    byte[] quote = HexFormat.of().parseHex(ev.get("tpm_quote").get("message").textValue());
    byte[] rawSig = HexFormat.of().parseHex(ev.get("tpm_quote").get("signature").textValue());

    all.put("HclReportFuzzTest", Map.of("valid-sim", hcl));
    all.put("SnpReportFuzzTest", Map.of("valid-sim", HclReport.parse(hcl).hwReport()));
    all.put("TpmsAttestFuzzTest", Map.of("valid-sim", quote));
    all.put(
        "TpmtSignatureFuzzTest",
        Map.of(
            "valid-rsassa-sha256",
            ByteBuffer.allocate(6 + rawSig.length)
                .putShort((short) 0x0014)
                .putShort((short) 0x000B)
                .putShort((short) rawSig.length)
                .put(rawSig)
                .array()));
    all.put("VcekExtensionsFuzzTest", Map.of("valid-sim", vcek));
    all.put(
        "EventLogFuzzTest",
        Map.of("valid-agile", EventLogSeeds.agile(), "valid-legacy", EventLogSeeds.legacy()));
    all.put("CorimFuzzTest", Map.of("valid-acme", CorimSeeds.corim()));

    KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
    ecGen.initialize(new ECGenParameterSpec("secp256r1"));
    ECPublicKey ec = (ECPublicKey) ecGen.generateKeyPair().getPublic();
    ObjectNode ecJwk = JSON.createObjectNode();
    ecJwk.put("kty", "EC").put("crv", "P-256").put("alg", "ECDH-ES+A256KW");
    ecJwk.put("x", B64U.encodeToString(fixed(ec.getW().getAffineX(), 32)));
    ecJwk.put("y", B64U.encodeToString(fixed(ec.getW().getAffineY(), 32)));
    KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
    rsaGen.initialize(2048);
    RSAPublicKey rsa = (RSAPublicKey) rsaGen.generateKeyPair().getPublic();
    ObjectNode rsaJwk = JSON.createObjectNode();
    rsaJwk.put("kty", "RSA").put("alg", "RSA-OAEP-256");
    rsaJwk.put("n", B64U.encodeToString(fixed(rsa.getModulus(), 256)));
    rsaJwk.put("e", B64U.encodeToString(rsa.getPublicExponent().toByteArray()));
    all.put("JwkFuzzTest", Map.of("valid-ec", json(ecJwk), "valid-rsa", json(rsaJwk)));

    ObjectNode teeEvidence = JSON.createObjectNode();
    teeEvidence.set("primary_evidence", ev);
    teeEvidence.put("additional_evidence", "");
    ObjectNode v4 = JSON.createObjectNode();
    ObjectNode rd = v4.putObject("runtime-data");
    rd.put("nonce", B64U.encodeToString(reportData));
    rd.set("tee-pubkey", ecJwk);
    v4.set("tee-evidence", teeEvidence);
    ObjectNode v3 = JSON.createObjectNode();
    v3.set("tee-pubkey", rsaJwk);
    v3.set("tee-evidence", teeEvidence);
    all.put(
        "AttestationBodyFuzzTest",
        Map.of(
            // First byte selects the protocol version (index into ProtocolVersion.values()).
            "valid-v0.4.0", prefixed(4, json(v4)), "valid-v0.3.0", prefixed(3, json(v3))));
    all.put(
        "AuthRequestFuzzTest",
        Map.of(
            "valid-v0.4.0",
            utf8("{\"version\":\"0.4.0\",\"tee\":\"az-snp-vtpm\",\"extra-params\":\"\"}"),
            "valid-v0.1.0",
            utf8("{\"version\":\"0.1.0\",\"tee\":\"sample\",\"extra-params\":{\"a\":[1,2]}}")));
    String header = B64U.encodeToString(utf8("{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"k1\"}"));
    String payload =
        B64U.encodeToString(utf8("{\"iss\":\"kbs\",\"exp\":1893456000,\"submods\":{\"cpu\":{}}}"));
    all.put(
        "CompactJwsFuzzTest",
        Map.of(
            "valid-es256", utf8(header + "." + payload + "." + B64U.encodeToString(new byte[64]))));
    all.put(
        "KbsConfigFuzzTest",
        Map.of(
            // First byte selects the file name: 0 = .toml, 1 = .json, 2 = no extension.
            "valid-toml",
            prefixed(
                0,
                utf8(
                    """
                    [http_server]
                    sockets = ["0.0.0.0:8080"]
                    insecure_http = true
                    payload_request_size = 2

                    [admin]
                    insecure_api = false

                    [attestation_token]
                    insecure_key = false

                    [attestation_service]
                    type = "coco_as_builtin"
                    work_dir = "/opt/confidential-containers/attestation-service"

                    [attestation_service.rvps_config]
                    type = "BuiltIn"

                    [policy_engine]
                    policy_path = "/opt/confidential-containers/kbs/policy.rego"

                    [[plugins]]
                    name = "resource"
                    type = "LocalFs"
                    dir_path = "/opt/confidential-containers/kbs/repository"
                    """)),
            "valid-json",
            prefixed(
                1,
                utf8(
                    "{\"insecure_http\":true,\"sockets\":[\"0.0.0.0:8080\"],"
                        + "\"timeout\":5,\"insecure_api\":true}"))));
    return all;
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources/io/trustee/kbs/fuzz");
    for (Map.Entry<String, Map<String, byte[]>> t : seeds().entrySet()) {
      String method = methodOf(t.getKey());
      Path dir = root.resolve(t.getKey() + "Inputs").resolve(method);
      Files.createDirectories(dir);
      for (Map.Entry<String, byte[]> s : t.getValue().entrySet()) {
        Files.write(dir.resolve(s.getKey()), s.getValue());
      }
    }
  }

  /** The fuzz method of a target class: its name without "FuzzTest", first letter lower case. */
  static String methodOf(String targetClass) {
    String base = targetClass.substring(0, targetClass.length() - "FuzzTest".length());
    return Character.toLowerCase(base.charAt(0)) + base.substring(1);
  }

  private static byte[] fixed(BigInteger v, int len) {
    byte[] b = v.toByteArray();
    if (b.length == len) {
      return b;
    }
    byte[] out = new byte[len];
    int n = Math.min(len, b.length);
    System.arraycopy(b, b.length - n, out, len - n, n);
    return out;
  }

  private static byte[] json(Object node) throws IOException {
    return JSON.writeValueAsBytes(node);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] prefixed(int first, byte[] rest) {
    byte[] b = new byte[rest.length + 1];
    b[0] = (byte) first;
    System.arraycopy(rest, 0, b, 1, rest.length);
    return b;
  }
}
