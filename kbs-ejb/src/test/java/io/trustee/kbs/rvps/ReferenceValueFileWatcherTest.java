package io.trustee.kbs.rvps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.rvps.ReferenceValueFileWatcher.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceValueFileWatcherTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  final InMemoryReferenceValueRepository repository = new InMemoryReferenceValueRepository();
  final ReferenceValueService service =
      new ReferenceValueService(
          repository,
          ProvenanceVerifier.unsignedAllowed(),
          Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC));

  static String r2(String... nameValue) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < nameValue.length; i += 2) {
      sb.append(i == 0 ? "" : ",")
          .append("{\"name\":\"")
          .append(nameValue[i])
          .append("\",\"expiration\":\"2027-06-30T00:00:00Z\",\"value\":")
          .append(nameValue[i + 1])
          .append('}');
    }
    return sb.append(']').toString();
  }

  static void write(Path p, String s, long mtimeSeconds) throws Exception {
    Files.writeString(p, s);
    Files.setLastModifiedTime(p, FileTime.fromMillis(mtimeSeconds * 1000));
  }

  @Test
  void importsChangesRemovesRevokedAndKeepsValuesOnBadFile() throws Exception {
    Path file = dir.resolve("reference-values.json");
    write(file, r2("tcb_snp", "[\"24\"]", "snp_pcr11", "[\"aa\"]"), 1000);
    ReferenceValueFileWatcher w = new ReferenceValueFileWatcher(file, service);

    var first = w.checkForChanges();
    assertThat(first.outcome()).isEqualTo(Outcome.IMPORTED);
    assertThat(first.stored()).containsExactlyInAnyOrder("tcb_snp", "snp_pcr11");
    assertThat(w.checkForChanges().outcome()).isEqualTo(Outcome.UNCHANGED);

    // touched, same content: no re-import
    Files.setLastModifiedTime(file, FileTime.fromMillis(2_000_000));
    assertThat(w.checkForChanges().outcome()).isEqualTo(Outcome.UNCHANGED);

    // snp_pcr11 revoked, tcb_snp changed
    write(file, r2("tcb_snp", "[\"25\"]"), 3000);
    var second = w.checkForChanges();
    assertThat(second.outcome()).isEqualTo(Outcome.IMPORTED);
    assertThat(second.stored()).containsExactly("tcb_snp");
    assertThat(second.deleted()).containsExactly("snp_pcr11");
    assertThat(service.query("snp_pcr11")).isEmpty();

    // broken file: error, previous values stay
    write(file, "[{\"name\":\"tcb_snp\"", 4000);
    var bad = w.checkForChanges();
    assertThat(bad.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(bad.error().orElseThrow()).contains("rejected").contains("keeping the 1 values");
    assertThat(w.lastError()).isPresent();
    assertThat(service.query("tcb_snp")).contains(JSON.readTree("[\"25\"]"));
    assertThat(w.checkForChanges().outcome()).isEqualTo(Outcome.UNCHANGED);

    // missing file: error, values stay
    Files.delete(file);
    assertThat(w.checkForChanges().outcome()).isEqualTo(Outcome.FAILED);
    assertThat(service.query("tcb_snp")).isPresent();

    // fixed again
    write(file, r2("tcb_snp", "[\"26\"]"), 5000);
    assertThat(w.checkForChanges().outcome()).isEqualTo(Outcome.IMPORTED);
    assertThat(w.lastError()).isEmpty();
    assertThat(w.importedNames()).containsExactly("tcb_snp");
  }

  @Test
  void followsKubernetesConfigMapSymlinkSwap() throws Exception {
    // Layout kubelet creates: key -> ..data/key, ..data -> ..<timestamp>/
    Path v1 = Files.createDirectory(dir.resolve("..2026_11_29_12_00_00.1"));
    Path v2 = Files.createDirectory(dir.resolve("..2026_11_29_12_05_00.2"));
    // same size and modification time in both versions: only the real path differs
    write(
        v1.resolve("reference_value"),
        "{\"svn\":{\"expiration\":\"2027-06-30T00:00:00Z\"," + "\"value\":1}}",
        1000);
    write(
        v2.resolve("reference_value"),
        "{\"svn\":{\"expiration\":\"2027-06-30T00:00:00Z\"," + "\"value\":2}}",
        1000);
    Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
    Path key =
        Files.createSymbolicLink(dir.resolve("reference_value"), Path.of("..data/reference_value"));
    ReferenceValueFileWatcher w = new ReferenceValueFileWatcher(key, service);
    assertThat(w.checkForChanges().outcome()).isEqualTo(Outcome.IMPORTED);
    assertThat(service.query("svn")).contains(JSON.readTree("1"));

    Path tmp = Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
    Files.move(
        tmp,
        dir.resolve("..data"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    assertThat(w.checkForChanges().outcome()).isEqualTo(Outcome.IMPORTED);
    assertThat(service.query("svn")).contains(JSON.readTree("2"));
  }

  @Test
  void removalWhileStoppedIsRevokedAtTheNextStartWithAHistoryEntry() throws Exception {
    Path file = dir.resolve("rv.json");
    write(file, r2("keep", "[\"1\"]", "gone", "[\"2\"]"), 1000);
    new ReferenceValueFileWatcher(file, service).checkForChanges();
    assertThat(service.fileOwned())
        .containsEntry("keep", ReferenceValueFileWatcher.sourceOf(file))
        .containsEntry("gone", ReferenceValueFileWatcher.sourceOf(file));

    // "server stopped": the file changes; a new watcher (no memory of the old import) starts
    write(file, r2("keep", "[\"1\"]"), 2000);
    var r = new ReferenceValueFileWatcher(file, service).checkForChanges();
    assertThat(r.outcome()).isEqualTo(Outcome.IMPORTED);
    assertThat(r.deleted()).containsExactly("gone");
    assertThat(r.stored()).isEmpty(); // unchanged value with the same owner: no rewrite
    assertThat(service.query("gone")).isEmpty();
    assertThat(service.lookupForAppraisal("gone").status())
        .isEqualTo(ReferenceValueLookupResult.Status.ABSENT);
    ReferenceValueHistoryEntry last = service.history("gone").get(0);
    assertThat(last.event()).isEqualTo(ReferenceValueHistoryEntry.Event.REVOKED);
    assertThat(last.source()).contains(ReferenceValueFileWatcher.sourceOf(file));
    assertThat(last.value().value()).isEqualTo(JSON.readTree("[\"2\"]"));
    assertThat(service.history("keep")).hasSize(1);
  }

  @Test
  void fileOwnedValuesRefuseApiChangesAndApiValuesAreTakenOverByTheFile() throws Exception {
    service.register(
        "{\"version\":\"0.1.0\",\"type\":\"sample\",\"payload\":\""
            + java.util.Base64.getEncoder().encodeToString("{\"api\":1,\"both\":2}".getBytes())
            + "\"}");
    Path file = dir.resolve("rv.json");
    write(file, r2("both", "3"), 1000);
    new ReferenceValueFileWatcher(file, service).checkForChanges();
    assertThat(service.fileOwned()).containsOnlyKeys("both");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.delete("both"))
        .isInstanceOf(FileOwnedException.class)
        .hasMessageContaining(file.toAbsolutePath().toString());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                service.storeUnsigned(
                    java.util.List.of(
                        ReferenceValue.withDefaultExpiry(
                            "both", JSON.readTree("9"), service.now()))))
        .isInstanceOf(FileOwnedException.class);
    assertThat(service.query("both")).contains(JSON.readTree("3"));
    // an API-owned value stays the API's
    assertThat(service.delete("api")).isTrue();
  }

  @Test
  void stateMovesOnOnlyAfterCommitSoARolledBackImportIsRetried() throws Exception {
    Path file = dir.resolve("rv.json");
    write(file, r2("a", "1"), 1000);
    ReferenceValueFileWatcher w = new ReferenceValueFileWatcher(file, service);
    java.util.List<Runnable> pending = new java.util.ArrayList<>();
    assertThat(w.checkForChanges(pending::add).outcome()).isEqualTo(Outcome.IMPORTED);
    // "rollback": the pending action is dropped and the store is emptied again
    pending.clear();
    repository.remove("a", ReferenceValueHistoryEntry.Event.DELETED);
    assertThat(w.importedNames()).isEmpty();

    var retry = w.checkForChanges(pending::add);
    assertThat(retry.outcome()).isEqualTo(Outcome.IMPORTED);
    assertThat(retry.stored()).containsExactly("a");
    pending.forEach(Runnable::run); // commit
    assertThat(w.importedNames()).containsExactly("a");
    assertThat(w.checkForChanges(pending::add).outcome()).isEqualTo(Outcome.UNCHANGED);
  }

  @Test
  void valuesOfAFileNoLongerConfiguredAreRevoked() throws Exception {
    Path old = dir.resolve("old.json");
    write(old, r2("x", "1"), 1000);
    new ReferenceValueFileWatcher(old, service).checkForChanges();
    Path now = dir.resolve("new.json");
    write(now, r2("y", "2"), 1000);
    var r = new ReferenceValueFileWatcher(now, service).checkForChanges();
    assertThat(r.deleted()).containsExactly("x");
    assertThat(service.fileOwned()).containsOnlyKeys("y");
    assertThat(service.revokeFilesOtherThan(null)).containsExactly("y");
    assertThat(service.list()).isEmpty();
  }

  @Test
  void operatorLocalJsonReferenceValueKeyIsImported() throws Exception {
    // v0.19+: subPath mount of the rvps-reference-values ConfigMap key reference_value (R3)
    Path localJson = Files.createDirectories(dir.resolve("storage/local_json"));
    String record =
        "{\"version\":\"0.1.0\",\"name\":\"snp_pcr11\",\"expiration\":\"2027-06-30T00:00:00Z\","
            + "\"value\":[\"aa\"]}";
    Path file =
        Files.writeString(
            localJson.resolve("reference_value"),
            "{\"snp_pcr11\":\""
                + java.util.Base64.getUrlEncoder()
                    .encodeToString(record.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "\"}");
    var r = new ReferenceValueFileWatcher(file, service).checkForChanges();
    assertThat(r.outcome()).isEqualTo(Outcome.IMPORTED);
    assertThat(service.query("snp_pcr11")).contains(JSON.readTree("[\"aa\"]"));
  }

  @Test
  void localFsReferenceValueDirectoryIsReadAsAWholeEveryTime() throws Exception {
    Path rv = Files.createDirectories(dir.resolve("storage/reference_value"));
    Files.writeString(
        rv.resolve("snp_pcr11"),
        "{\"version\":\"0.1.0\",\"name\":\"snp_pcr11\",\"expiration\":\"2027-06-30T00:00:00Z\","
            + "\"value\":[\"aa\"]}");
    Files.writeString(
        rv.resolve("tcb\\x2Fsnp"), "{\"expiration\":\"2027-06-30T00:00:00Z\",\"value\":[\"24\"]}");
    ReferenceValueFileWatcher w = ReferenceValueFileWatcher.forDirectory(rv, service);

    var first = w.checkForChanges();
    assertThat(first.outcome()).as(first.toString()).isEqualTo(Outcome.IMPORTED);
    assertThat(first.stored()).containsExactlyInAnyOrder("snp_pcr11", "tcb/snp");
    assertThat(w.checkForChanges().outcome()).isEqualTo(Outcome.UNCHANGED);

    // rewritten in place with the same size and time: still seen
    Path f = rv.resolve("snp_pcr11");
    FileTime t = Files.getLastModifiedTime(f);
    Files.writeString(
        f,
        "{\"version\":\"0.1.0\",\"name\":\"snp_pcr11\",\"expiration\":\"2027-06-30T00:00:00Z\","
            + "\"value\":[\"bb\"]}");
    Files.setLastModifiedTime(f, t);
    Files.delete(rv.resolve("tcb\\x2Fsnp"));
    var second = w.checkForChanges();
    assertThat(second.stored()).containsExactly("snp_pcr11");
    assertThat(second.deleted()).containsExactly("tcb/snp");
    assertThat(service.query("snp_pcr11")).contains(JSON.readTree("[\"bb\"]"));

    Files.writeString(rv.resolve("broken"), "[1]");
    var bad = w.checkForChanges();
    assertThat(bad.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(bad.error().orElseThrow()).contains("broken");
    assertThat(service.query("snp_pcr11")).contains(JSON.readTree("[\"bb\"]"));
  }
}
