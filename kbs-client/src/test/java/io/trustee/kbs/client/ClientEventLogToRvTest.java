package io.trustee.kbs.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.rvps.ReferenceValue;
import io.trustee.kbs.rvps.RunbookDocument;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ClientEventLogToRvTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);

  /** Result of one in-process run. */
  record Run(int status, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    var cl = KbsClient.commandLine(CLOCK, out, CliEnvironment.empty());
    cl.setErr(new PrintWriter(err, true));
    int status = cl.execute(args);
    cl.getOut().flush();
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString());
  }

  static Path eventlogs() {
    return Path.of(System.getProperty("kbs.testdata.dir"), "eventlogs");
  }

  static Stream<Path> logsWithExpectations() throws Exception {
    try (Stream<Path> s = Files.list(eventlogs())) {
      return s
          .filter(p -> p.toString().endsWith(".expected.json"))
          .map(p -> Path.of(p.toString().replace(".expected.json", "")))
          .sorted()
          .toList()
          .stream();
    }
  }

  private static JsonNode expected(Path log) throws Exception {
    return JSON.readTree(Path.of(log + ".expected.json").toFile());
  }

  private static Map<String, String> decodeMessage(String out, String expectedType)
      throws Exception {
    JsonNode msg = JSON.readTree(out);
    assertThat(msg.get("version").asText()).isEqualTo("0.1.0");
    assertThat(msg.get("type").asText()).isEqualTo(expectedType);
    JsonNode payload = JSON.readTree(Base64.getDecoder().decode(msg.get("payload").asText()));
    Map<String, String> values = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = payload.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      assertThat(e.getValue().isArray()).isTrue();
      assertThat(e.getValue().size()).isEqualTo(1);
      values.put(e.getKey(), e.getValue().get(0).asText());
    }
    return values;
  }

  @ParameterizedTest
  @MethodSource("logsWithExpectations")
  void everyBankOfEveryLogMatchesTheExpectedPcrs(Path log) throws Exception {
    JsonNode pcrs = expected(log).get("pcrs");
    for (Iterator<String> banks = pcrs.fieldNames(); banks.hasNext(); ) {
      String bank = banks.next();
      Run r = run("eventlog-to-rv", log.toString(), "--bank", bank, "--prefix", "snp");
      assertThat(r.status()).as(r.err()).isZero();
      Map<String, String> expectedValues = new TreeMap<>();
      pcrs.get(bank)
          .fields()
          .forEachRemaining(
              e ->
                  expectedValues.put(
                      String.format("snp_pcr%02d", Integer.parseInt(e.getKey())),
                      e.getValue().asText()));
      assertThat(decodeMessage(r.out(), "sample")).as(log + " " + bank).isEqualTo(expectedValues);
    }
  }

  @Test
  void azureLogDefaultsToSha256AndSnpPrefix() throws Exception {
    Path log = eventlogs().resolve("cvm-measure_azure-snp-ncc40ads-h100-v5.bin");
    Run r = run("eventlog-to-rv", log.toString());
    assertThat(r.status()).isZero();
    Map<String, String> values = decodeMessage(r.out(), "sample");
    assertThat(values.keySet())
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
    assertThat(values.get("snp_pcr00")).startsWith("13177a65");
    assertThat(r.err()).contains("39 records", "crypto-agile");
  }

  @Test
  void pcrSelectionAndEmptyPrefix() throws Exception {
    Path log = eventlogs().resolve("cvm-measure_azure-snp-ncc40ads-h100-v5.bin");
    JsonNode pcrs = expected(log).get("pcrs").get("sha384");
    Run r =
        run("eventlog-to-rv", log.toString(), "--bank", "sha384", "--prefix", "", "--pcr", "4,11");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(decodeMessage(r.out(), "sample"))
        .isEqualTo(Map.of("pcr04", pcrs.get("4").asText(), "pcr11", pcrs.get("11").asText()));
  }

  @Test
  void runbookOutputMapsBackToTheSameReferenceValues() throws Exception {
    Path log = eventlogs().resolve("go-tpm-tools_ubuntu-2404-amd-sevsnp.bin");
    Run msg = run("eventlog-to-rv", log.toString());
    Run book = run("eventlog-to-rv", log.toString(), "--format", "runbook");
    assertThat(book.status()).as(book.err()).isZero();
    JsonNode doc = JSON.readTree(book.out());
    assertThat(doc.get(0).get("name").asText()).isEqualTo("az-snp-vtpm");
    List<ReferenceValue> values = RunbookDocument.toReferenceValues(doc, CLOCK.instant()).values();
    Map<String, String> fromRunbook = new TreeMap<>();
    values.forEach(v -> fromRunbook.put(v.name(), v.value().get(0).asText()));
    assertThat(fromRunbook).isEqualTo(decodeMessage(msg.out(), "sample"));
  }

  @Test
  void jsonOutputIsReferenceValueRecordsWithDefaultExpiry() throws Exception {
    Path log = eventlogs().resolve("go-tpm-tools_debian-10.bin");
    JsonNode pcrs = expected(log).get("pcrs").get("sha1");
    Run r = run("eventlog-to-rv", log.toString(), "--bank", "sha1", "--format", "json");
    assertThat(r.status()).as(r.err()).isZero();
    JsonNode records = JSON.readTree(r.out());
    assertThat(records.size()).isEqualTo(pcrs.size());
    ReferenceValue first = ReferenceValue.fromJson(records.get(0), "[0]", null);
    assertThat(first.name()).isEqualTo("snp_pcr00");
    assertThat(first.value().get(0).asText()).isEqualTo(pcrs.get("0").asText());
    assertThat(first.expiration()).isEqualTo(Instant.parse("2027-11-29T12:00:00Z"));
  }

  @Test
  void runbookRefusesOtherBanks() {
    Path log = eventlogs().resolve("go-tpm-tools_debian-10.bin");
    Run r = run("eventlog-to-rv", log.toString(), "--bank", "sha1", "--format", "runbook");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("--format runbook needs --bank sha256");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void emptyFileIsAClearError(@TempDir Path dir) throws Exception {
    Path empty = Files.createFile(dir.resolve("binary_bios_measurements"));
    Run r = run("eventlog-to-rv", empty.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: ").contains("empty event log");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void garbageIsAClearError(@TempDir Path dir) throws Exception {
    Path junk = dir.resolve("junk.bin");
    Files.writeString(junk, "this is definitely not a TCG event log, just some text\n".repeat(3));
    Run r = run("eventlog-to-rv", junk.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: " + junk + ": not a usable TCG event log");
    assertThat(r.err()).doesNotContain("Exception");
  }

  @Test
  void truncatedLogIsAClearError(@TempDir Path dir) throws Exception {
    byte[] full = Files.readAllBytes(eventlogs().resolve("go-tpm-tools_glinux-alex.bin"));
    Path cut = dir.resolve("cut.bin");
    Files.write(cut, java.util.Arrays.copyOf(full, full.length - 7));
    Run r = run("eventlog-to-rv", cut.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("truncated");
  }

  @Test
  void missingFileNamesTheParameter(@TempDir Path dir) {
    Run r = run("eventlog-to-rv", dir.resolve("nope").toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("EVENT_LOG").contains("no such file");
  }

  @Test
  void unknownBankAndFormatNameTheOption() {
    Path log = eventlogs().resolve("go-tpm-tools_debian-10.bin");
    Run bank = run("eventlog-to-rv", log.toString(), "--bank", "md5");
    assertThat(bank.status()).isEqualTo(1);
    assertThat(bank.err()).contains("--bank: unknown bank 'md5'");
    Run absent = run("eventlog-to-rv", log.toString(), "--bank", "sha384");
    assertThat(absent.status()).isEqualTo(1);
    assertThat(absent.err()).contains("--bank sha384").contains("(it has sha1)");
    Run format = run("eventlog-to-rv", log.toString(), "--format", "yaml");
    assertThat(format.status()).isEqualTo(1);
    assertThat(format.err()).contains("--format: unknown format 'yaml'");
    Run pcr = run("eventlog-to-rv", log.toString(), "--bank", "sha1", "--pcr", "12");
    assertThat(pcr.err()).contains("--pcr 12");
  }

  @Test
  void missingArgumentIsAUsageError() {
    Run r = run("eventlog-to-rv");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("EVENT_LOG");
  }
}
