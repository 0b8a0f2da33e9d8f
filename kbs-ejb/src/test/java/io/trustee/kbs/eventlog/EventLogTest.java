package io.trustee.kbs.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.rvps.ReferenceValue;
import io.trustee.kbs.testutil.TestData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Path> logs() throws IOException {
    Path dir = TestData.dir("eventlogs");
    List<Path> all;
    try (Stream<Path> s = Files.list(dir)) {
      all = s.filter(p -> Files.exists(Path.of(p + ".expected.json"))).sorted().toList();
    }
    assertThat(all).hasSizeGreaterThanOrEqualTo(9);
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void replaysEveryBankToTheExpectedPcrs(Path log) throws Exception {
    JsonNode expected = JSON.readTree(Path.of(log + ".expected.json").toFile());
    EventLog parsed = EventLog.parse(Files.readAllBytes(log));

    assertThat(parsed.events()).hasSize(expected.get("events").asInt());
    assertThat(parsed.format().name())
        .isEqualTo(
            expected.get("format").asText().equals("sha1-legacy") ? "SHA1_LEGACY" : "CRYPTO_AGILE");
    if (expected.get("spec_id_algorithms").isArray()) {
      assertThat(parsed.specIdAlgorithms().stream().map(TpmHashAlgorithm::bankName).toList())
          .containsExactlyElementsOf(
              JSON.convertValue(expected.get("spec_id_algorithms"), List.class));
    }
    Map<TpmHashAlgorithm, Map<Integer, String>> replay = parsed.replay();
    Map<String, Map<Integer, String>> actual = new TreeMap<>();
    replay.forEach((bank, pcrs) -> actual.put(bank.bankName(), pcrs));
    Map<String, Map<Integer, String>> want = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.get("pcrs").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> bank = it.next();
      Map<Integer, String> pcrs = new TreeMap<>();
      bank.getValue()
          .fields()
          .forEachRemaining(e -> pcrs.put(Integer.parseInt(e.getKey()), e.getValue().asText()));
      want.put(bank.getKey(), pcrs);
    }
    assertThat(actual).isEqualTo(want);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void doesNotReproduceTheKnownWrongPcr0(Path log) throws Exception {
    JsonNode wrong =
        JSON.readTree(Path.of(log + ".expected.json").toFile())
            .at("/ground_truth/debian_tpm2_eventlog_5_4/wrong_values");
    Map<TpmHashAlgorithm, Map<Integer, String>> replay =
        EventLog.parse(Files.readAllBytes(log)).replay();
    wrong
        .fields()
        .forEachRemaining(
            bank ->
                bank.getValue()
                    .fields()
                    .forEachRemaining(
                        pcr ->
                            assertThat(
                                    replay
                                        .get(
                                            TpmHashAlgorithm.byBankName(bank.getKey())
                                                .orElseThrow())
                                        .get(Integer.parseInt(pcr.getKey())))
                                .isNotEqualTo(pcr.getValue().asText())));
  }

  @Test
  void azureLogBecomesSnpPcrReferenceValues() throws Exception {
    Path log = TestData.dir("eventlogs").resolve("cvm-measure_azure-snp-ncc40ads-h100-v5.bin");
    JsonNode expected = JSON.readTree(Path.of(log + ".expected.json").toFile());
    Instant now = Instant.parse("2026-11-29T12:00:00Z");

    List<ReferenceValue> rvs =
        EventLogReferenceValues.fromLog(
            Files.readAllBytes(log), TpmHashAlgorithm.SHA256, "snp", now);

    assertThat(rvs)
        .extracting(ReferenceValue::name)
        .containsExactly(
            "snp_pcr00",
            "snp_pcr01",
            "snp_pcr02",
            "snp_pcr03",
            "snp_pcr04",
            "snp_pcr05",
            "snp_pcr06",
            "snp_pcr07",
            "snp_pcr09",
            "snp_pcr11");
    ReferenceValue pcr11 = rvs.get(9);
    assertThat(pcr11.value().get(0).asText()).isEqualTo(expected.at("/pcrs/sha256/11").asText());
    assertThat(pcr11.expiration()).isEqualTo(Instant.parse("2027-11-29T12:00:00Z"));

    List<ReferenceValue> plain =
        EventLogReferenceValues.fromLog(Files.readAllBytes(log), TpmHashAlgorithm.SHA256, "", now);
    assertThat(plain.get(0).name()).isEqualTo("pcr00");
  }

  @Test
  void missingBankIsAnError() throws Exception {
    Path log = TestData.dir("eventlogs").resolve("go-tpm-tools_debian-10.bin");
    assertThatThrownBy(
            () ->
                EventLogReferenceValues.fromLog(
                    Files.readAllBytes(log), TpmHashAlgorithm.SHA256, "tpm", Instant.now()))
        .isInstanceOf(EventLogException.class)
        .hasMessageContaining("no sha256 bank");
  }

  @Test
  void rejectsEmptyLog() {
    assertThatThrownBy(() -> EventLog.parse(new byte[0]))
        .isInstanceOf(EventLogException.class)
        .hasMessageContaining("empty event log");
  }

  @Test
  void rejectsGarbage() {
    byte[] text = "this is not an event log, it is a text file\n".getBytes();
    assertThatThrownBy(() -> EventLog.parse(text)).isInstanceOf(EventLogException.class);
    byte[] ones = new byte[4096];
    Arrays.fill(ones, (byte) 0xff);
    assertThatThrownBy(() -> EventLog.parse(ones)).isInstanceOf(EventLogException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void rejectsEveryTruncation(Path log) throws Exception {
    byte[] full = Files.readAllBytes(log);
    // Cuts inside the first header, inside a record's digests and one byte short of the end.
    for (int cut : new int[] {3, 30, 40, full.length / 2 + 1, full.length - 1}) {
      byte[] part = Arrays.copyOf(full, cut);
      assertThatThrownBy(() -> EventLog.parse(part))
          .as("cut at %d", cut)
          .isInstanceOf(EventLogException.class);
    }
  }

  @Test
  void rejectsUndeclaredDigestAlgorithm() throws Exception {
    byte[] log = agileLog(new int[] {0x000B}, record(0, 0x0000000D, 0x0004, new byte[20]));
    assertThatThrownBy(() -> EventLog.parse(log))
        .isInstanceOf(EventLogException.class)
        .hasMessageContaining("0x0004 is not declared");
  }

  @Test
  void rejectsMeasurementMissingADeclaredBank() throws Exception {
    byte[] log = agileLog(new int[] {0x0004, 0x000B}, record(7, 0x80000001, 0x000B, new byte[32]));
    assertThatThrownBy(() -> EventLog.parse(log))
        .isInstanceOf(EventLogException.class)
        .hasMessageContaining("record 1: 1 digests, but the Spec ID header declares 2 banks");
  }

  @Test
  void rejectsPcrIndexOutOfRange() throws Exception {
    byte[] log = agileLog(new int[] {0x000B}, record(24, 0x0000000D, 0x000B, new byte[32]));
    assertThatThrownBy(() -> EventLog.parse(log))
        .isInstanceOf(EventLogException.class)
        .hasMessageContaining("PCR index 24");
  }

  @Test
  void startupLocalitySetsPcr0StartValueAndNoActionIsNotExtended() throws Exception {
    byte[] locality = concat("StartupLocality\0".getBytes(), new byte[] {3});
    byte[] digest = new byte[32];
    digest[0] = 1;
    byte[] log =
        agileLog(
            new int[] {0x000B},
            concat(
                record(0, 3, 0x000B, new byte[32], locality),
                record(0, 0x0000000D, 0x000B, digest),
                record(17, 0x0000000D, 0x000B, digest)));
    Map<Integer, String> pcrs = EventLog.parse(log).replay().get(TpmHashAlgorithm.SHA256);

    byte[] start = new byte[32];
    start[31] = 3;
    assertThat(pcrs.get(0))
        .isEqualTo(io.trustee.kbs.util.Bytes.toHex(TpmHashAlgorithm.SHA256.hash(start, digest)));
    byte[] ff = new byte[32];
    Arrays.fill(ff, (byte) 0xff);
    assertThat(pcrs.get(17))
        .isEqualTo(io.trustee.kbs.util.Bytes.toHex(TpmHashAlgorithm.SHA256.hash(ff, digest)));
    assertThat(pcrs).containsOnlyKeys(0, 17);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logs")
  void mutatedLogsNeverCrashUnchecked(Path log) throws Exception {
    byte[] full = Files.readAllBytes(log);
    java.util.Random random = new java.util.Random(full.length);
    for (int i = 0; i < 300; i++) {
      byte[] m = full.clone();
      for (int k = 0; k < 1 + random.nextInt(4); k++) {
        m[random.nextInt(Math.min(m.length, 400))] = (byte) random.nextInt(256);
      }
      try {
        EventLog.parse(m).replay();
      } catch (EventLogException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  // --- helpers composing small crypto-agile logs -------------------------------------------

  static byte[] agileLog(int[] algIds, byte[] records) {
    ByteBuffer spec = le(16 + 4 + 4 + 4 + 4 * algIds.length + 1);
    spec.put("Spec ID Event03\0".getBytes())
        .putInt(0)
        .put((byte) 0)
        .put((byte) 2)
        .put((byte) 0)
        .put((byte) 2)
        .putInt(algIds.length);
    for (int id : algIds) {
      spec.putShort((short) id)
          .putShort((short) TpmHashAlgorithm.byAlgId(id).orElseThrow().digestSize());
    }
    spec.put((byte) 0);
    byte[] specData = spec.array();
    ByteBuffer header = le(4 + 4 + 20 + 4 + specData.length);
    header.putInt(0).putInt(3).put(new byte[20]).putInt(specData.length).put(specData);
    return concat(header.array(), records);
  }

  static byte[] record(int pcr, int type, int algId, byte[] digest) {
    return record(pcr, type, algId, digest, new byte[0]);
  }

  static byte[] record(int pcr, int type, int algId, byte[] digest, byte[] data) {
    ByteBuffer b = le(4 + 4 + 4 + 2 + digest.length + 4 + data.length);
    b.putInt(pcr)
        .putInt(type)
        .putInt(1)
        .putShort((short) algId)
        .put(digest)
        .putInt(data.length)
        .put(data);
    return b.array();
  }

  static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    ByteBuffer b = ByteBuffer.allocate(n);
    for (byte[] p : parts) {
      b.put(p);
    }
    return b.array();
  }
}
