package io.trustee.kbs.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ValueTypesTest {
  private static final ObjectMapper M = new ObjectMapper();

  @Test
  void nonceIs44CharsOf32RandomBytes() {
    Nonce n = Nonce.random(new SecureRandom());
    assertThat(n.value()).hasSize(44);
    assertThat(Base64.getDecoder().decode(n.value())).hasSize(32);
    assertThat(Nonce.random(new SecureRandom())).isNotEqualTo(n);
  }

  @Test
  void nonceMatchesOnlyExactString() {
    Nonce n = new Nonce("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    assertThat(n.matches("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")).isTrue();
    assertThat(n.matches("BAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")).isFalse();
    assertThat(n.matches("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8")).isFalse();
    assertThat(n.matches(null)).isFalse();
  }

  @Test
  void nonceRejectsWrongLengthAndAlphabet() {
    assertThatThrownBy(() -> new Nonce("AAEC")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Nonce("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh_-"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sessionIdIs32LowercaseHexAndToStringRedacts() {
    SessionId id = SessionId.random();
    assertThat(id.value()).matches("[0-9a-f]{32}");
    assertThat(id.value().charAt(12)).isEqualTo('4');
    assertThat(id.toString()).doesNotContain(id.value());
    assertThatThrownBy(() -> new SessionId(id.value().toUpperCase()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SessionId("../" + id.value()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sessionIdParseTreatsMalformedCookieAsAbsent() {
    SessionId id = SessionId.random();
    assertThat(SessionId.parse(id.value())).contains(id);
    assertThat(SessionId.parse(null)).isEmpty();
    assertThat(SessionId.parse("x; Path=/")).isEmpty();
    assertThat(SessionId.parse(id.value() + "0")).isEmpty();
  }

  @Test
  void teeNameNormalisesAzureAliases() throws Exception {
    assertThat(TeeName.normalize("azsnpvtpm").value()).isEqualTo("az-snp-vtpm");
    assertThat(TeeName.normalize("aztdxvtpm").value()).isEqualTo("az-tdx-vtpm");
    assertThat(TeeName.normalize("sample").value()).isEqualTo("sample");
  }

  @Test
  void teeNameRejectsUnknownAndWrongCase() {
    assertThatThrownBy(() -> TeeName.normalize("AZ-SNP-VTPM"))
        .isInstanceOf(ProtocolException.class)
        .extracting(e -> ((ProtocolException) e).field())
        .isEqualTo("tee");
    assertThatThrownBy(() -> TeeName.normalize("foo")).isInstanceOf(ProtocolException.class);
  }

  @Test
  void authRequestParsesCurrentClient() throws Exception {
    AuthRequest r =
        AuthRequest.parse(
            M.readTree(
                "{\"version\":\"0.4.0\",\"tee\":\"az-snp-vtpm\",\"extra-params\":"
                    + "{\"supported-hash-algorithms\":[\"sha384\"]},\"unknown\":1}"));
    assertThat(r.version()).isEqualTo(ProtocolVersion.V0_4_0);
    assertThat(r.tee().value()).isEqualTo("az-snp-vtpm");
    assertThat(r.extraParams().get("supported-hash-algorithms").get(0).asText())
        .isEqualTo("sha384");
  }

  @Test
  void authRequestMissingExtraParamsIsEmptyString() throws Exception {
    AuthRequest r = AuthRequest.parse(M.readTree("{\"version\":\"0.1.0\",\"tee\":\"azsnpvtpm\"}"));
    assertThat(r.extraParams().isTextual()).isTrue();
    assertThat(r.extraParams().textValue()).isEmpty();
    assertThat(r.tee().value()).isEqualTo("az-snp-vtpm");
  }

  @Test
  void authRequestWithWrongVersionSaysMismatch() {
    assertThatThrownBy(
            () -> AuthRequest.parse(M.readTree("{\"version\":\"9.9.9\",\"tee\":\"snp\"}")))
        .isInstanceOf(VersionMismatchException.class)
        .hasMessageContaining("KBS Client Protocol Version Mismatch");
    assertThatThrownBy(() -> AuthRequest.parse(M.readTree("{\"version\":4,\"tee\":\"snp\"}")))
        .isInstanceOf(VersionMismatchException.class);
  }

  @Test
  void authRequestWithoutTeeNamesField() {
    assertThatThrownBy(() -> AuthRequest.parse(M.readTree("{\"version\":\"0.4.0\"}")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("tee:");
  }

  @Test
  void initDataRequiresToml() throws Exception {
    assertThat(InitData.parse(null)).isEmpty();
    assertThat(InitData.parse(M.readTree("null"))).isEmpty();
    assertThat(InitData.parse(M.readTree("{\"format\":\"toml\",\"body\":\"a=1\"}")).get().body())
        .isEqualTo("a=1");
    assertThatThrownBy(() -> InitData.parse(M.readTree("{\"format\":\"json\",\"body\":\"{}\"}")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("init-data.format");
    assertThatThrownBy(() -> InitData.parse(M.readTree("{\"format\":\"toml\",\"body\":3}")))
        .hasMessageStartingWith("init-data.body");
  }
}
