package io.trustee.kbs.rvps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwidExtractorTest {
  static final String H1 = "a1".repeat(48);
  static final String H2 = "b2".repeat(48);

  /** A small RIM in the shape of an NVIDIA GPU RIM (composed for this test). */
  static String rim(String extraMeta) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<SoftwareIdentity xmlns=\""
        + SwidExtractor.SWID_NS
        + "\"\n"
        + "  xmlns:rim=\""
        + SwidExtractor.RIM_NS
        + "\"\n"
        + "  xmlns:SHA384=\""
        + SwidExtractor.HASH_NS
        + "\" name=\"GH100\" tagId=\"x\">\n"
        + "  <Meta rim:PlatformManufacturerStr=\"NVIDIA Corporation\" edition=\"GPU\""
        + extraMeta
        + "/>\n"
        + "  <Payload>\n"
        + "    <Directory name=\"d\">\n"
        + "      <Resource type=\"Measurement\" index=\"12\" SHA384:Hash0=\""
        + H1
        + "\" SHA384:Hash1=\""
        + H2
        + "\" SHA384:Hash3=\""
        + "cc".repeat(48)
        + "\"/>\n"
        + "    </Directory>\n"
        + "    <Resource type=\"Measurement\" index=\"3-1\" SHA384:Hash0=\""
        + "0".repeat(96)
        + "\" SHA384:Hash1=\""
        + H1
        + "\"/>\n"
        + "    <Resource type=\"Measurement\" index=\"7\" SHA384:Hash0=\""
        + "0".repeat(96)
        + "\"/>\n"
        + "    <Resource type=\"Other\" index=\"8\" SHA384:Hash0=\""
        + H1
        + "\"/>\n"
        + "  </Payload>\n"
        + "</SoftwareIdentity>\n";
  }

  @Test
  void extractsMeasurementsInOrderUntilFirstGap() throws Exception {
    List<ReferenceValue> rvs =
        new SwidExtractor()
            .extract(
                rim("").getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-29T00:00:00Z"));
    assertThat(rvs)
        .extracting(ReferenceValue::name)
        .containsExactly(
            "NVIDIA_Corporation.GPU.measurement_12", "NVIDIA_Corporation.GPU.measurement_3_1");
    assertThat(rvs.get(0).value())
        .isEqualTo(new ObjectMapper().readTree("[\"" + H1 + "\",\"" + H2 + "\"]"));
    assertThat(rvs.get(1).value()).hasSize(1);
  }

  @Test
  void requiresManufacturerAndEdition() {
    String noEdition = rim("").replace(" edition=\"GPU\"", "");
    assertThatThrownBy(
            () ->
                new SwidExtractor()
                    .extract(noEdition.getBytes(StandardCharsets.UTF_8), Instant.now()))
        .hasMessage("payload.Meta.edition: missing");
  }

  @Test
  void refusesDoctypeAndExternalEntities() {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + rim("")
                .substring(rim("").indexOf("<SoftwareIdentity"))
                .replace("edition=\"GPU\"", "edition=\"&x;\"");
    assertThatThrownBy(
            () -> new SwidExtractor().extract(xxe.getBytes(StandardCharsets.UTF_8), Instant.now()))
        .isInstanceOf(InvalidReferenceValueException.class)
        .hasMessageContaining("DOCTYPE");
  }

  @Test
  void rejectsNonXml() {
    assertThatThrownBy(() -> new SwidExtractor().extract("{}".getBytes(), Instant.now()))
        .isInstanceOf(InvalidReferenceValueException.class)
        .hasMessageStartingWith("payload: is not acceptable XML");
  }
}
