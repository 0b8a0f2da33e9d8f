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

  final ReferenceValueService service =
      new ReferenceValueService(
          new InMemoryReferenceValueRepository(),
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
}
