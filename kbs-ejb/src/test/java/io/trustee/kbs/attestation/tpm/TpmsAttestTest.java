package io.trustee.kbs.attestation.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustee.kbs.attestation.TestVectors;
import io.trustee.kbs.attestation.spi.BadEvidenceException;
import io.trustee.kbs.util.Bytes;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TpmsAttestTest {

  @Test
  void parsesTheLegacyAzureQuoteMessage() throws Exception {
    TpmsAttest a = TpmsAttest.parse(TestVectors.bytes("az-snp-vtpm/tpm-quote.msg"));
    assertThat(a.isQuote()).isTrue();
    assertThat(Bytes.toHex(a.qualifiedSigner()))
        .isEqualTo("000bcb7db80a611e921d7f0be5393e5a84d23f40a2d4dfc3bb1efa7a388b9ee401c5");
    assertThat(new String(a.extraData())).isEqualTo("challenge");
    assertThat(a.clock()).isEqualTo(861327613L);
    assertThat(a.resetCount()).isEqualTo(3);
    assertThat(a.restartCount()).isZero();
    assertThat(a.safe()).isEqualTo(1);
    assertThat(Long.toHexString(a.firmwareVersion())).isEqualTo("2020031200120003");
    assertThat(a.pcrSelections()).hasSize(1);
    assertThat(a.pcrSelections().get(0).hashAlg()).isEqualTo(TpmsAttest.TPM_ALG_SHA256);
    assertThat(a.pcrSelections().get(0).pcrs()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 14);
    assertThat(Bytes.toHex(a.pcrDigest().orElseThrow()))
        .isEqualTo("9d608cf40eb5bc7454c6cbc0985c17c2efa45d5e5b28004aa7d77c1285d2fa5d");
  }

  @Test
  void parsesTheComponentQuoteWithAllTwentyFourPcrs() throws Exception {
    TpmsAttest a =
        TpmsAttest.parse(
            Bytes.fromHex(
                TestVectors.json("az-snp-vtpm/tpm-quote-v1.json").get("message").asText()));
    assertThat(a.clock()).isEqualTo(2167057L);
    assertThat(a.pcrSelections().get(0).pcrs()).hasSize(24);
    assertThat(Bytes.toHex(a.pcrDigest().orElseThrow()))
        .isEqualTo("0daff74c2fca14910b1e9b54a384707434c3365db9f163cc73a39a9f7500833f");
  }

  @Test
  void rejectsTruncatedQuoteAtEveryLength() {
    byte[] msg = TestVectors.bytes("az-snp-vtpm/tpm-quote.msg");
    for (int len = 0; len < msg.length; len++) {
      byte[] cut = Arrays.copyOf(msg, len);
      assertThatThrownBy(() -> TpmsAttest.parse(cut))
          .isInstanceOf(BadEvidenceException.class)
          .hasMessageStartingWith("quote malformed");
    }
  }

  @Test
  void rejectsTrailingBytes() {
    byte[] msg = Arrays.copyOf(TestVectors.bytes("az-snp-vtpm/tpm-quote.msg"), 123);
    assertThatThrownBy(() -> TpmsAttest.parse(msg)).hasMessageContaining("trailing");
  }

  @Test
  void rejectsWrongMagic() {
    byte[] msg = TestVectors.bytes("az-snp-vtpm/tpm-quote.msg");
    msg[3] ^= 1;
    assertThatThrownBy(() -> TpmsAttest.parse(msg)).hasMessageContaining("magic");
  }

  @Test
  void rejectsOversizedExtraData() {
    byte[] msg = TestVectors.bytes("az-snp-vtpm/tpm-quote.msg");
    int at = 6 + 2 + 34; // magic, type, qualifiedSigner
    msg[at] = 0;
    msg[at + 1] = 65;
    assertThatThrownBy(() -> TpmsAttest.parse(msg)).hasMessageContaining("extraData size");
  }

  @Test
  void keepsOtherAttestationTypesUnparsedAndPcrCheckRefusesThem() throws Exception {
    byte[] msg = TestVectors.bytes("az-snp-vtpm/tpm-quote.msg");
    msg[5] = 0x17; // TPM_ST_ATTEST_CERTIFY
    TpmsAttest a = TpmsAttest.parse(msg);
    assertThat(a.isQuote()).isFalse();
    assertThat(a.pcrDigest()).isEmpty();
    assertThatThrownBy(() -> QuoteChecks.verifyPcrDigest(a, List.of()))
        .hasMessageStartingWith("attestation not a quote");
  }

  @Test
  void parsesTpmtSignatureAndRefusesOtherSchemes() throws Exception {
    byte[] raw = TestVectors.bytes("az-snp-vtpm/tpm-quote.sig");
    byte[] tss = new byte[6 + raw.length];
    tss[1] = 0x14;
    tss[3] = 0x0B;
    tss[4] = 0x01;
    System.arraycopy(raw, 0, tss, 6, raw.length);
    assertThat(TpmtSignature.parse(tss).rawSignature()).isEqualTo(raw);
    tss[1] = 0x16; // RSAPSS
    assertThatThrownBy(() -> TpmtSignature.parse(tss)).hasMessageContaining("not RSASSA");
    tss[1] = 0x14;
    assertThatThrownBy(() -> TpmtSignature.parse(Arrays.copyOf(tss, tss.length - 1)))
        .hasMessageStartingWith("quote signature malformed");
    assertThatThrownBy(() -> TpmtSignature.parse(Arrays.copyOf(tss, tss.length + 1)))
        .hasMessageContaining("trailing");
  }
}
