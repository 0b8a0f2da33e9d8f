package io.trustee.kbs.attestation.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustee.kbs.attestation.TestVectors;
import io.trustee.kbs.attestation.azsnpvtpm.HclReport;
import io.trustee.kbs.attestation.azsnpvtpm.HclVariableData;
import io.trustee.kbs.util.ByteReader;
import io.trustee.kbs.util.Bytes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QuoteChecksTest {
  private AttestationKey ak;
  private byte[] message;
  private byte[] signature;
  private List<byte[]> pcrs;

  @BeforeEach
  void setUp() throws Exception {
    ak =
        HclVariableData.parse(
                HclReport.parse(TestVectors.bytes("az-snp-vtpm/hcl-report.bin")).variableData())
            .attestationKey();
    JsonNode q = TestVectors.json("az-snp-vtpm/tpm-quote-v1.json");
    message = Bytes.fromHex(q.get("message").asText());
    signature = Bytes.fromHex(q.get("signature").asText());
    pcrs = new ArrayList<>();
    q.get("pcrs").forEach(p -> pcrs.add(Bytes.fromHex(p.asText())));
  }

  @Test
  void componentQuotePassesSignatureNonceAndPcrDigest() throws Exception {
    QuoteChecks.verifySignature(message, signature, ak);
    TpmsAttest a = TpmsAttest.parse(message);
    QuoteChecks.verifyNonce(a, "challenge".getBytes());
    QuoteChecks.verifyPcrDigest(a, pcrs);
    QuoteChecks.requireAzurePcrSelection(a, pcrs);
  }

  @Test
  void rejectsSignatureWithFlippedBit() {
    signature[0] ^= 1;
    assertThatThrownBy(() -> QuoteChecks.verifySignature(message, signature, ak))
        .hasMessageStartingWith("quote signature invalid");
  }

  @Test
  void rejectsSignatureOfWrongLengthBeforeRsa() {
    byte[] longer = java.util.Arrays.copyOf(signature, 257);
    assertThatThrownBy(() -> QuoteChecks.verifySignature(message, longer, ak))
        .hasMessageContaining("257 bytes");
  }

  @Test
  void legacyQuoteIsNotSignedByThisAk() {
    assertThatThrownBy(
            () ->
                QuoteChecks.verifySignature(
                    TestVectors.bytes("az-snp-vtpm/tpm-quote.msg"),
                    TestVectors.bytes("az-snp-vtpm/tpm-quote.sig"),
                    ak))
        .hasMessageStartingWith("quote signature invalid");
  }

  @Test
  void rejectsFlippedPcrByte() throws Exception {
    pcrs.get(0)[0] ^= 1;
    assertThatThrownBy(() -> QuoteChecks.verifyPcrDigest(TpmsAttest.parse(message), pcrs))
        .hasMessageStartingWith("pcr-digest mismatch");
  }

  @Test
  void rejectsMissingOrExtraPcr() throws Exception {
    TpmsAttest a = TpmsAttest.parse(message);
    List<byte[]> fewer = new ArrayList<>(pcrs.subList(0, 23));
    assertThatThrownBy(() -> QuoteChecks.verifyPcrDigest(a, fewer))
        .hasMessageStartingWith("pcr selection unsupported");
    List<byte[]> more = new ArrayList<>(pcrs);
    more.add(new byte[32]);
    assertThatThrownBy(() -> QuoteChecks.verifyPcrDigest(a, more))
        .hasMessageStartingWith("pcr selection unsupported");
  }

  @Test
  void rejectsReversedNonce() throws Exception {
    assertThatThrownBy(
            () -> QuoteChecks.verifyNonce(TpmsAttest.parse(message), "egnellahc".getBytes()))
        .hasMessageStartingWith("nonce mismatch");
  }

  @Test
  void azureShapeRefusesTheLegacyNinePcrSelection() throws Exception {
    TpmsAttest legacy = TpmsAttest.parse(TestVectors.bytes("az-snp-vtpm/tpm-quote.msg"));
    assertThatThrownBy(() -> QuoteChecks.requireAzurePcrSelection(legacy, pcrs.subList(0, 9)))
        .hasMessageStartingWith("pcr selection unsupported");
  }

  @Test
  void bincodeQuoteEqualsTheJsonQuote() {
    // quote.bin: u64-LE length + signature, u64-LE length + message, u64-LE count + count x 32.
    ByteReader r = new ByteReader(TestVectors.bytes("az-snp-vtpm/quote.bin"));
    assertThat(r.bytes("signature", (int) r.u64le("signature.len"))).isEqualTo(signature);
    assertThat(r.bytes("message", (int) r.u64le("message.len"))).isEqualTo(message);
    long count = r.u64le("pcrs.count");
    assertThat(count).isEqualTo(24);
    for (int i = 0; i < count; i++) {
      assertThat(r.bytes("pcr", 32)).isEqualTo(pcrs.get(i));
    }
    r.expectEnd("quote.bin");
  }
}
