package io.trustee.kbs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.attestation.spi.TeeRegistry;
import io.trustee.kbs.eventlog.EventLog;
import io.trustee.kbs.eventlog.EventLogException;
import io.trustee.kbs.eventlog.EventLogReferenceValues;
import io.trustee.kbs.eventlog.TpmHashAlgorithm;
import io.trustee.kbs.rvps.ReferenceValue;
import io.trustee.kbs.rvps.RunbookDocument;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code eventlog-to-rv}: parses and replays a binary TCG event log offline (kbs-ejb {@link
 * EventLog}) and prints reference values for the chosen bank, one per PCR the log extends, named
 * {@code <prefix>_pcrNN} ({@link EventLogReferenceValues#name}).
 *
 * <p>Output formats (stdout; a one-line summary goes to stderr):
 *
 * <ul>
 *   <li>{@code rvps-message} (default): an RVPS registration message (rvps.md §2) of type {@code
 *       sample} whose payload is the standard base64 of {@code {"snp_pcr00":["<hex>"],…}}, ready
 *       for {@code POST /kbs/v0/reference-value} or {@code register-rv --file};
 *   <li>{@code runbook}: a runbook document R4 (kbs-config.md §5.4) with one group, SHA-256 only;
 *   <li>{@code json}: the reference-value records (rvps.md §1, the R2 array of kbs-config.md §5.2)
 *       with the default expiry (now + 12 months).
 * </ul>
 */
@Command(
    name = "eventlog-to-rv",
    mixinStandardHelpOptions = true,
    description =
        "Parse and replay a TCG event log (binary_bios_measurements) offline and print"
            + " reference values for its PCRs.")
final class EventLogToRvCommand implements Runnable {
  static final List<String> FORMATS = List.of("rvps-message", "runbook", "json");
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_]{0,32}");
  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @ParentCommand KbsClient root;

  @Parameters(
      index = "0",
      paramLabel = "EVENT_LOG",
      description = "binary event log, e.g. /sys/kernel/security/tpm0/binary_bios_measurements")
  Path log;

  @Option(
      names = "--bank",
      defaultValue = "sha256",
      description = "PCR bank: sha1, sha256, sha384, sha512, sm3_256 (default: ${DEFAULT-VALUE})")
  String bank;

  @Option(
      names = "--prefix",
      defaultValue = "snp",
      description =
          "name prefix, <prefix>_pcrNN (default: ${DEFAULT-VALUE}); empty for plain pcrNN")
  String prefix;

  @Option(
      names = "--format",
      defaultValue = "rvps-message",
      description = "rvps-message, runbook or json (default: ${DEFAULT-VALUE})")
  String format;

  @Option(
      names = "--pcr",
      split = ",",
      paramLabel = "N",
      description = "only these PCRs (e.g. --pcr 4,7,11); each must be extended by the log")
  List<Integer> pcrs = new ArrayList<>();

  @Override
  public void run() {
    if (!FORMATS.contains(format)) {
      throw new CliException(
          "--format: unknown format '"
              + format
              + "' (expected "
              + String.join(", ", FORMATS)
              + ")");
    }
    TpmHashAlgorithm algorithm =
        TpmHashAlgorithm.byBankName(bank)
            .orElseThrow(
                () ->
                    new CliException(
                        "--bank: unknown bank '"
                            + bank
                            + "' (expected "
                            + Arrays.stream(TpmHashAlgorithm.values())
                                .map(TpmHashAlgorithm::bankName)
                                .collect(Collectors.joining(", "))
                            + ")"));
    if (!PREFIX.matcher(prefix).matches()) {
      throw new CliException(
          "--prefix: '" + prefix + "' must be at most 32 letters, digits or underscores");
    }
    byte[] bytes = Files2.read("EVENT_LOG", log);
    EventLog parsed;
    Map<Integer, String> bankValues;
    try {
      parsed = EventLog.parse(bytes);
      bankValues = parsed.replay().get(algorithm);
    } catch (EventLogException e) {
      throw new CliException(log + ": not a usable TCG event log: " + e.getMessage(), e);
    }
    if (bankValues == null || bankValues.isEmpty()) {
      throw new CliException(
          "--bank "
              + algorithm.bankName()
              + ": the event log has no such bank (it has "
              + parsed.specIdAlgorithms().stream()
                  .map(TpmHashAlgorithm::bankName)
                  .collect(Collectors.joining(", "))
              + ")");
    }
    Map<Integer, String> selected = select(bankValues);
    root.spec
        .commandLine()
        .getErr()
        .printf(
            "%s: %d records, %s, banks %s; %s PCRs %s%n",
            log,
            parsed.events().size(),
            parsed.format() == EventLog.Format.CRYPTO_AGILE ? "crypto-agile" : "SHA-1 legacy",
            parsed.specIdAlgorithms().stream()
                .map(TpmHashAlgorithm::bankName)
                .collect(Collectors.joining(",")),
            algorithm.bankName(),
            selected.keySet());
    String out =
        switch (format) {
          case "rvps-message" -> rvpsMessage(selected, prefix).toString();
          case "runbook" -> pretty(runbook(selected, algorithm, prefix));
          default -> pretty(records(selected, algorithm));
        };
    root.spec.commandLine().getOut().println(out);
  }

  private Map<Integer, String> select(Map<Integer, String> all) {
    if (pcrs.isEmpty()) {
      return new TreeMap<>(all);
    }
    Map<Integer, String> out = new TreeMap<>();
    for (int pcr : pcrs) {
      String v = all.get(pcr);
      if (v == null) {
        throw new CliException(
            "--pcr "
                + pcr
                + ": the event log does not extend this PCR (it extends "
                + all.keySet()
                + ")");
      }
      out.put(pcr, v);
    }
    return out;
  }

  /** The {@code sample} payload object: name → one-element array of hex. */
  static ObjectNode samplePayload(Map<Integer, String> pcrValues, String prefix) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    pcrValues.forEach(
        (pcr, hex) -> payload.putArray(EventLogReferenceValues.name(prefix, pcr)).add(hex));
    return payload;
  }

  /** {@code {"version":"0.1.0","type":"sample","payload":"<b64>"}}. */
  static ObjectNode rvpsMessage(Map<Integer, String> pcrValues, String prefix) {
    ObjectNode msg = JsonNodeFactory.instance.objectNode();
    msg.put("version", ReferenceValue.DEFAULT_VERSION);
    msg.put("type", "sample");
    msg.put(
        "payload",
        Base64.getEncoder()
            .encodeToString(
                samplePayload(pcrValues, prefix).toString().getBytes(StandardCharsets.UTF_8)));
    return msg;
  }

  /**
   * A one-group runbook. The group name is chosen so that {@link RunbookDocument#pcrPrefix} maps it
   * back to {@code prefix}: the runbook group of the TEE with that PCR prefix ({@code az-snp-vtpm}
   * for {@code snp}, {@code az-tdx-vtpm} for {@code tdx}), the prefix itself otherwise.
   */
  static ArrayNode runbook(Map<Integer, String> pcrValues, TpmHashAlgorithm bank, String prefix) {
    if (bank != TpmHashAlgorithm.SHA256) {
      throw new CliException(
          "--format runbook needs --bank sha256 (runbook documents hold SHA-256 digests only)");
    }
    if (prefix.isEmpty()) {
      throw new CliException("--format runbook needs a non-empty --prefix (the group name)");
    }
    String group = TeeRegistry.installed().runbookGroupOfPcrPrefix(prefix).orElse(prefix);
    ArrayNode doc = JsonNodeFactory.instance.arrayNode();
    ObjectNode g = doc.addObject();
    g.put("name", group);
    ObjectNode p = g.putObject("pcrs");
    pcrValues.forEach((pcr, hex) -> p.put(String.format("%02d", pcr), hex));
    return doc;
  }

  private ArrayNode records(Map<Integer, String> pcrValues, TpmHashAlgorithm algorithm) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    try {
      List<ReferenceValue> values =
          EventLogReferenceValues.fromReplay(
              Map.of(algorithm, pcrValues), algorithm, prefix, root.clock().instant());
      values.forEach(v -> out.add(v.toJson()));
    } catch (EventLogException e) {
      throw new CliException(e.getMessage(), e);
    }
    return out;
  }

  private static String pretty(JsonNode node) {
    try {
      return PRETTY.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
