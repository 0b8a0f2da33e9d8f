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
import java.io.PrintWriter;
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
 * {@code eventlog-to-rv}: parses and replays binary TCG event logs offline (kbs-ejb {@link
 * EventLog}) and prints reference values for the chosen bank, one per PCR the logs extend, named
 * {@code <prefix>_pcrNN} ({@link EventLogReferenceValues#name}). Several logs (e.g. of the golden
 * VMs of each allowed image) give each PCR the distinct values of all of them, in the order of the
 * files; every log must extend the selected PCRs. A summary line goes to stderr, and with many logs
 * a progress line per file when {@link Progress} is shown.
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
      arity = "1..*",
      paramLabel = "EVENT_LOG",
      description =
          "binary event log(s), e.g. /sys/kernel/security/tpm0/binary_bios_measurements; with"
              + " several, each PCR gets the distinct values of all")
  List<Path> logs;

  @Option(
      names = "--progress",
      description = "a progress line per file on stderr (default: only in an interactive session)")
  boolean progress;

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
    PrintWriter err = root.spec.commandLine().getErr();
    Progress shown =
        new Progress(
            err,
            logs.size() > 1 && Progress.shown(progress, root.environment()),
            "eventlog-to-rv",
            logs.size());
    Map<Integer, List<String>> selected = new TreeMap<>();
    for (int i = 0; i < logs.size(); i++) {
      Path log = logs.get(i);
      select(log, replay(log, algorithm, err, logs.size() == 1))
          .forEach(
              (pcr, hex) -> {
                List<String> values = selected.computeIfAbsent(pcr, k -> new ArrayList<>());
                if (!values.contains(hex)) {
                  values.add(hex);
                }
              });
      shown.update(i + 1, "files");
    }
    if (logs.size() > 1) {
      err.printf(
          "%d event logs: %s PCRs %s, %d distinct values%n",
          logs.size(),
          algorithm.bankName(),
          selected.keySet(),
          selected.values().stream().mapToInt(List::size).sum());
    }
    String out =
        switch (format) {
          case "rvps-message" -> rvpsMessage(selected, prefix).toString();
          case "runbook" -> pretty(runbook(selected, algorithm, prefix));
          default -> pretty(records(selected));
        };
    root.spec.commandLine().getOut().println(out);
  }

  /** The bank's PCR values of one log; with {@code summary}, a line about the log on stderr. */
  private Map<Integer, String> replay(
      Path log, TpmHashAlgorithm algorithm, PrintWriter err, boolean summary) {
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
              + ": the event log "
              + (logs.size() > 1 ? log + " " : "")
              + "has no such bank (it has "
              + parsed.specIdAlgorithms().stream()
                  .map(TpmHashAlgorithm::bankName)
                  .collect(Collectors.joining(", "))
              + ")");
    }
    if (summary) {
      err.printf(
          "%s: %d records, %s, banks %s; %s PCRs %s%n",
          log,
          parsed.events().size(),
          parsed.format() == EventLog.Format.CRYPTO_AGILE ? "crypto-agile" : "SHA-1 legacy",
          parsed.specIdAlgorithms().stream()
              .map(TpmHashAlgorithm::bankName)
              .collect(Collectors.joining(",")),
          algorithm.bankName(),
          pcrs.isEmpty() ? new TreeMap<>(bankValues).keySet() : new java.util.TreeSet<>(pcrs));
    }
    return bankValues;
  }

  private Map<Integer, String> select(Path log, Map<Integer, String> all) {
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
                + ": the event log "
                + (logs.size() > 1 ? log + " " : "")
                + "does not extend this PCR (it extends "
                + new TreeMap<>(all).keySet()
                + ")");
      }
      out.put(pcr, v);
    }
    return out;
  }

  /** The {@code sample} payload object: name → array of hex. */
  static ObjectNode samplePayload(Map<Integer, List<String>> pcrValues, String prefix) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    pcrValues.forEach(
        (pcr, hex) -> {
          ArrayNode values = payload.putArray(EventLogReferenceValues.name(prefix, pcr));
          hex.forEach(values::add);
        });
    return payload;
  }

  /** {@code {"version":"0.1.0","type":"sample","payload":"<b64>"}}. */
  static ObjectNode rvpsMessage(Map<Integer, List<String>> pcrValues, String prefix) {
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
  static ArrayNode runbook(
      Map<Integer, List<String>> pcrValues, TpmHashAlgorithm bank, String prefix) {
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
    pcrValues.forEach(
        (pcr, hex) -> {
          if (hex.size() > 1) {
            throw new CliException(
                "--format runbook: the event logs differ in PCR "
                    + pcr
                    + " (a runbook group holds one value per PCR; use rvps-message or json)");
          }
          p.put(String.format("%02d", pcr), hex.get(0));
        });
    return doc;
  }

  /** The records of {@link EventLogReferenceValues#fromReplay}, with every log's values. */
  private ArrayNode records(Map<Integer, List<String>> pcrValues) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    pcrValues.forEach(
        (pcr, hex) -> {
          ArrayNode values = JsonNodeFactory.instance.arrayNode();
          hex.forEach(values::add);
          out.add(
              ReferenceValue.withDefaultExpiry(
                      EventLogReferenceValues.name(prefix, pcr), values, root.clock().instant())
                  .toJson());
        });
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
