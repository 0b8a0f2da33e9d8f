package io.trustee.kbs.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.trustee.kbs.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditExportFileTest {
  @TempDir Path dir;

  @Test
  void exportedLinesCarryEveryHashedFieldSoTheChainCanBeRecheckedOffline() throws Exception {
    List<AuditEvent> events = new ArrayList<>();
    AuditHead h = AuditHead.EMPTY;
    for (int i = 1; i <= 3; i++) {
      AuditEvent e =
          AuditChain.next(
              h,
              new AuditRecord(
                  Instant.ofEpochMilli(1_000L * i),
                  AuditActor.admin("alice", Optional.of("https://idp.example")),
                  AuditActions.POLICY_RESOURCE_SET,
                  "resource-policy",
                  AuditOutcome.SUCCESS,
                  200,
                  "r" + i));
      events.add(e);
      h = h.after(e);
    }
    Path file = AuditExportFile.write(dir.resolve("export"), events);
    assertThat(file.getFileName().toString()).isEqualTo("audit-1-3.jsonl");
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(3);

    // re-read the lines and verify them from the genesis anchor
    List<AuditEvent> back = new ArrayList<>();
    for (String line : lines) {
      JsonNode o = Json.mapper().readTree(line);
      JsonNode a = o.get("actor");
      back.add(
          new AuditEvent(
              o.get("seq").asLong(),
              new AuditRecord(
                  Instant.parse(o.get("time").asText()),
                  new AuditActor(
                      a.get("kind").asText(),
                      a.get("id").asText(),
                      Optional.ofNullable(a.get("issuer")).map(JsonNode::asText),
                      Optional.ofNullable(a.get("tee")).map(JsonNode::asText)),
                  o.get("action").asText(),
                  o.get("target").asText(),
                  AuditOutcome.ofWire(o.get("outcome").asText()),
                  o.get("status").asInt(),
                  o.get("request_id").asText()),
              o.get("prev_hash").asText(),
              o.get("hash").asText()));
    }
    assertThat(AuditChain.verify(h, back).intact()).isTrue();
    // a retry of the same batch overwrites the file with the same content
    assertThat(AuditExportFile.write(dir.resolve("export"), events)).isEqualTo(file);
    assertThat(Files.readAllLines(file)).isEqualTo(lines);
  }
}
