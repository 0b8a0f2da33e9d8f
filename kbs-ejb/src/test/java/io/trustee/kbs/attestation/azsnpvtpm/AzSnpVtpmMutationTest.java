package io.trustee.kbs.attestation.azsnpvtpm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.trustee.kbs.attestation.TestVectors;
import io.trustee.kbs.attestation.snp.AmdRootStore;
import io.trustee.kbs.attestation.snp.VcekChainVerifier;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.attestation.spi.EvidenceInput;
import io.trustee.kbs.util.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mutation test over the real evidence (evidence-v1.json, plus the v0 form): every byte of the HCL
 * report (header, SNP report fields, signature, unsigned tail, IGVM header, variable data,
 * padding), of the quote message, the quote signature, the PCR list and the VCEK is flipped (two
 * different bit patterns), every structure is truncated and extended, the report data and the
 * version are changed and members are removed or retyped. Every mutant must be rejected with a
 * {@link BadEvidenceException} naming one of {@link AzSnpVtpmVerifier#CHECKS}; none may be accepted
 * and none may escape as another exception.
 *
 * <p>Not a mutant: appending zero bytes to the HCL report. They extend the zero padding, which
 * carries no meaning (the NV index size is not fixed by the spec), so the report is unchanged.
 */
class AzSnpVtpmMutationTest {
  private static final byte[] CHALLENGE = AzSnpVtpmVerifierTest.CHALLENGE;
  private static final int[] FLIPS = {0x01, 0x80};

  private AzSnpVtpmVerifier verifier;
  private ObjectNode v1;
  private byte[] hcl;
  private byte[] message;
  private byte[] signature;
  private byte[] vcek;
  private int mutants;
  private final Map<String, Integer> byCheck = new TreeMap<>();
  private final List<String> survivors = new ArrayList<>();
  private final List<String> crashes = new ArrayList<>();
  private final List<String> wrongReason = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    verifier =
        new AzSnpVtpmVerifier(
            new VcekChainVerifier(AmdRootStore.load(TestVectors.path("amd"), false)),
            AzSnpVtpmVerifierTest.CLOCK,
            AzSnpVtpmVerifier.Options.defaults());
    v1 = AzSnpVtpmVerifierTest.evidence("evidence-v1.json");
    hcl = Base64.getUrlDecoder().decode(v1.get("hcl_report").asText());
    message = Bytes.fromHex(v1.get("tpm_quote").get("message").asText());
    signature = Bytes.fromHex(v1.get("tpm_quote").get("signature").asText());
    vcek = Base64.getUrlDecoder().decode(v1.get("vcek").asText());
    // the unmutated evidence must pass, or every "rejection" below would mean nothing
    verifier.verify(new EvidenceInput(v1, CHALLENGE, null));
  }

  private void expectRejected(String what, JsonNode evidence, byte[] reportData) {
    expectRejected(what, evidence, reportData, null);
  }

  /** {@code expectedCheck} null: any listed check; otherwise exactly that one. */
  private void expectRejected(
      String what, JsonNode evidence, byte[] reportData, String expectedCheck) {
    mutants++;
    try {
      verifier.verify(new EvidenceInput(evidence, reportData, null));
      survivors.add(what);
    } catch (BadEvidenceException e) {
      if (!AzSnpVtpmVerifier.CHECKS.contains(e.check())) {
        crashes.add(what + ": unlisted check " + e.check());
      }
      if (expectedCheck != null && !expectedCheck.equals(e.check())) {
        wrongReason.add(what + ": " + e.getMessage());
      }
      byCheck.merge(e.check(), 1, Integer::sum);
    } catch (RuntimeException e) {
      crashes.add(what + ": " + e);
    }
  }

  private void mutateV1(String what, UnaryOperator<ObjectNode> change) {
    expectRejected(what, change.apply(v1.deepCopy()), CHALLENGE);
  }

  private void mutateV1(String what, String expectedCheck, UnaryOperator<ObjectNode> change) {
    expectRejected(what, change.apply(v1.deepCopy()), CHALLENGE, expectedCheck);
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().encodeToString(b);
  }

  private static byte[] flip(byte[] b, int i, int mask) {
    byte[] c = b.clone();
    c[i] ^= (byte) mask;
    return c;
  }

  private static String hclRegion(int i) {
    if (i < 0x20) {
      return "hcl header";
    }
    if (i < 0x20 + 0x2A0) {
      return "snp signed fields";
    }
    if (i < 0x20 + 0x330) {
      return "snp signature";
    }
    if (i < 0x4C0) {
      return "snp unsigned tail";
    }
    if (i < 0x4D4) {
      return "igvm header";
    }
    return i < 0x4D4 + 1110 ? "variable data" : "padding";
  }

  @Test
  void everyMutantOfTheRealEvidenceIsRejectedWithANamedCheck() {
    // 1. every byte of the HCL report (header, SNP report, IGVM header, variable data, padding)
    for (int i = 0; i < hcl.length; i++) {
      for (int mask : FLIPS) {
        byte[] m = flip(hcl, i, mask);
        String region = hclRegion(i);
        String expected =
            switch (region) {
              case "snp signature" -> "report signature invalid";
              case "snp unsigned tail" -> "snp report malformed";
              case "padding", "hcl header" -> "hcl report malformed";
              default -> null;
            };
        mutateV1(region + " byte " + i, expected, e -> e.put("hcl_report", b64(m)));
      }
    }
    // 2. every byte of the quote message and of its signature
    for (int i = 0; i < message.length; i++) {
      for (int mask : FLIPS) {
        String m = Bytes.toHex(flip(message, i, mask));
        mutateV1(
            "quote message byte " + i, "quote signature invalid", e -> withQuote(e, "message", m));
      }
    }
    for (int i = 0; i < signature.length; i++) {
      for (int mask : FLIPS) {
        String m = Bytes.toHex(flip(signature, i, mask));
        mutateV1(
            "quote signature byte " + i,
            "quote signature invalid",
            e -> withQuote(e, "signature", m));
      }
    }
    // 3. every byte of every PCR
    for (int p = 0; p < 24; p++) {
      byte[] pcr = Bytes.fromHex(v1.get("tpm_quote").get("pcrs").get(p).asText());
      for (int i = 0; i < 32; i++) {
        String m = Bytes.toHex(flip(pcr, i, 0x01));
        int index = p;
        mutateV1("pcr " + p + " byte " + i, "pcr-digest mismatch", e -> setPcr(e, index, m));
      }
    }
    // 4. every byte of the VCEK
    for (int i = 0; i < vcek.length; i++) {
      for (int mask : FLIPS) {
        byte[] m = flip(vcek, i, mask);
        mutateV1("vcek byte " + i, e -> e.put("vcek", b64(m)));
      }
    }
    truncationsAndExtensions();
    reportDataVersionAndShape();
    v0Mutants();

    System.out.printf(
        "az-snp-vtpm mutation test: %d mutants, rejections by check: %s%n", mutants, byCheck);
    assertThat(crashes).as("mutants that escaped as other exceptions").isEmpty();
    assertThat(survivors).as("mutants that were accepted").isEmpty();
    assertThat(wrongReason).as("mutants rejected by an unexpected check").isEmpty();
    assertThat(mutants).isGreaterThan(9_000);
  }

  private static ObjectNode withQuote(ObjectNode e, String member, String value) {
    quote(e).put(member, value);
    return e;
  }

  private static ObjectNode setPcr(ObjectNode e, int index, String hex) {
    ((ArrayNode) quote(e).get("pcrs")).set(index, hex);
    return e;
  }

  private static ObjectNode quote(ObjectNode e) {
    return (ObjectNode) e.get("tpm_quote");
  }

  private void truncationsAndExtensions() {
    int varEnd = 0x4D4 + 1110;
    for (int len : new int[] {0, 1, 0x1F, 0x20, 0x20 + 1183, 0x4C0, 0x4D3, 0x4D4, varEnd - 1}) {
      byte[] m = Arrays.copyOf(hcl, len);
      mutateV1("hcl truncated to " + len, e -> e.put("hcl_report", b64(m)));
    }
    byte[] longer = Arrays.copyOf(hcl, hcl.length + 1);
    longer[hcl.length] = (byte) 0xA5;
    mutateV1("hcl extended", e -> e.put("hcl_report", b64(longer)));
    // SNP report one byte shorter / longer inside the HCL report (shifts everything after it)
    byte[] snpShort = new byte[hcl.length - 1];
    System.arraycopy(hcl, 0, snpShort, 0, 0x20 + 1183);
    System.arraycopy(hcl, 0x20 + 1184, snpShort, 0x20 + 1183, hcl.length - 0x20 - 1184);
    mutateV1("snp report truncated", e -> e.put("hcl_report", b64(snpShort)));
    byte[] snpLong = new byte[hcl.length + 1];
    System.arraycopy(hcl, 0, snpLong, 0, 0x20 + 1184);
    System.arraycopy(hcl, 0x20 + 1184, snpLong, 0x20 + 1185, hcl.length - 0x20 - 1184);
    mutateV1("snp report extended", e -> e.put("hcl_report", b64(snpLong)));
    // variable data one byte shorter / longer with consistent sizes
    for (int delta : new int[] {-1, 1}) {
      byte[] m = hcl.clone();
      int n = 1110 + delta;
      writeLe(m, 0x4D0, n);
      writeLe(m, 0x4C0, 20 + n);
      writeLe(m, 0x08, 0x4D4 + n);
      if (delta > 0) {
        m[0x4D4 + 1110] = ' ';
      }
      mutateV1("variable data resized by " + delta, e -> e.put("hcl_report", b64(m)));
    }
    for (int len = 0; len < message.length; len++) {
      String m = Bytes.toHex(Arrays.copyOf(message, len));
      mutateV1("quote message truncated to " + len, e -> withQuote(e, "message", m));
    }
    for (int pad : new int[] {0x00, 0xA5}) {
      byte[] m = Arrays.copyOf(message, message.length + 1);
      m[message.length] = (byte) pad;
      mutateV1("quote message extended", e -> withQuote(e, "message", Bytes.toHex(m)));
    }
    for (int len : new int[] {0, 1, 255, 257}) {
      String m = Bytes.toHex(Arrays.copyOf(signature, len));
      mutateV1("signature length " + len, e -> withQuote(e, "signature", m));
    }
    mutateV1(
        "23 pcrs",
        e -> {
          ((ArrayNode) quote(e).get("pcrs")).remove(23);
          return e;
        });
    mutateV1(
        "25 pcrs",
        e -> {
          ((ArrayNode) quote(e).get("pcrs")).add("00".repeat(32));
          return e;
        });
    mutateV1(
        "no pcrs",
        e -> {
          ((ArrayNode) quote(e).get("pcrs")).removeAll();
          return e;
        });
    for (int p = 0; p < 24; p++) {
      int index = p;
      String pcr = v1.get("tpm_quote").get("pcrs").get(p).asText();
      mutateV1("pcr " + p + " truncated", e -> setPcr(e, index, pcr.substring(2)));
      mutateV1("pcr " + p + " extended", e -> setPcr(e, index, pcr + "00"));
    }
    mutateV1(
        "pcrs swapped",
        e -> {
          ArrayNode a = (ArrayNode) quote(e).get("pcrs");
          JsonNode first = a.get(0);
          a.set(0, a.get(1));
          a.set(1, first);
          return e;
        });
    for (int len : new int[] {0, 1, 100, vcek.length / 2, vcek.length - 1}) {
      byte[] m = Arrays.copyOf(vcek, len);
      mutateV1("vcek truncated to " + len, e -> e.put("vcek", b64(m)));
    }
    for (int pad : new int[] {0x00, 0xA5}) {
      byte[] m = Arrays.copyOf(vcek, vcek.length + 1);
      m[vcek.length] = (byte) pad;
      mutateV1("vcek extended", e -> e.put("vcek", b64(m)));
    }
  }

  private static void writeLe(byte[] b, int off, int v) {
    for (int i = 0; i < 4; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }

  private void reportDataVersionAndShape() {
    for (int i = 0; i < CHALLENGE.length; i++) {
      expectRejected("report data byte " + i, v1, flip(CHALLENGE, i, 0x01), "nonce mismatch");
    }
    expectRejected("report data shorter", v1, Arrays.copyOf(CHALLENGE, 8));
    expectRejected("report data longer", v1, Arrays.copyOf(CHALLENGE, 10));
    expectRejected("report data 48 bytes", v1, Arrays.copyOf(CHALLENGE, 48));
    expectRejected("report data empty", v1, new byte[0]);
    expectRejected("report data missing", v1, null);
    for (JsonNode version :
        List.of(
            IntNode.valueOf(0),
            IntNode.valueOf(2),
            IntNode.valueOf(3),
            TextNode.valueOf("1"),
            v1.nullNode())) {
      mutateV1("version " + version, e -> e.set("version", version));
    }
    mutateV1(
        "version removed",
        e -> {
          e.remove("version");
          return e;
        });
    for (String member : List.of("tpm_quote", "hcl_report", "vcek")) {
      mutateV1(
          member + " removed",
          e -> {
            e.remove(member);
            return e;
          });
      mutateV1(member + " retyped", e -> e.put(member, 42));
    }
    for (String member : List.of("signature", "message", "pcrs")) {
      mutateV1(
          "tpm_quote." + member + " removed",
          e -> {
            quote(e).remove(member);
            return e;
          });
      mutateV1("tpm_quote." + member + " not hex", e -> withQuote(e, member, "zz"));
    }
    mutateV1(
        "hcl_report not base64url", e -> e.put("hcl_report", "!!" + e.get("hcl_report").asText()));
    mutateV1(
        "hcl_report standard base64",
        e -> e.put("hcl_report", Base64.getEncoder().encodeToString(hcl)));
    mutateV1(
        "vcek as PEM in v1",
        e ->
            e.put("vcek", AzSnpVtpmVerifierTest.evidence("evidence-v0.json").get("vcek").asText()));
    mutateV1(
        "evidence array",
        e -> {
          ObjectNode o = e.objectNode();
          o.set("x", e.arrayNode());
          return o;
        });
  }

  private void v0Mutants() {
    ObjectNode v0 = AzSnpVtpmVerifierTest.evidence("evidence-v0.json");
    ArrayNode report = (ArrayNode) v0.get("report");
    for (int i = 0; i < report.size(); i += 13) {
      ObjectNode m = v0.deepCopy();
      ((ArrayNode) m.get("report")).set(i, IntNode.valueOf(report.get(i).intValue() ^ 0x01));
      expectRejected("v0 report byte " + i, m, CHALLENGE);
    }
    for (JsonNode bad :
        List.of(
            IntNode.valueOf(256), IntNode.valueOf(-1), TextNode.valueOf("1"), v0.numberNode(1.5))) {
      ObjectNode m = v0.deepCopy();
      ((ArrayNode) m.get("quote").get("signature")).set(0, bad);
      expectRejected("v0 signature element " + bad, m, CHALLENGE);
    }
    ObjectNode cut = v0.deepCopy();
    cut.put("vcek", v0.get("vcek").asText().substring(0, 400));
    expectRejected("v0 vcek PEM truncated", cut, CHALLENGE);
    ObjectNode noPem = v0.deepCopy();
    noPem.put("vcek", "not a certificate");
    expectRejected("v0 vcek not PEM", noPem, CHALLENGE);
    ObjectNode shortPcr = v0.deepCopy();
    ((ArrayNode) shortPcr.get("quote").get("pcrs").get(5)).remove(31);
    expectRejected("v0 pcr 5 truncated", shortPcr, CHALLENGE);
  }
}
