package io.trustee.kbs.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustee.kbs.store.PolicyKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attestation-policy ConfigMap as the operator mounts it: v0.19+ puts {@code default_cpu.rego}
 * and {@code default_gpu.rego} as subPath files into {@code attestation_service_policy/}; v0.3 –
 * v0.18 mount the whole ConfigMap at {@code policies/opa/} (kubelet symlinks into {@code ..data}).
 */
class AttestationPolicyDirectoryTest {
  static final String BUILT_IN_CPU = "package policy\n\ndefault allow := false\n";
  static final String CPU_V1 = "package policy\n\nimport rego.v1\n\nexecutables := 2\n";
  static final String CPU_V2 = "package policy\n\nimport rego.v1\n\nexecutables := 3\n";
  static final String CUSTOM = "package policy\n\nimport rego.v1\n\nhardware := 2\n";

  @TempDir Path root;
  final Clock clock = Clock.fixed(Instant.parse("2026-12-06T09:00:00Z"), ZoneOffset.UTC);
  final ResourcePolicyFileTest.Repo repo = new ResourcePolicyFileTest.Repo();

  static Optional<String> builtIn(String id) {
    return id.equals("default_cpu") ? Optional.of(BUILT_IN_CPU) : Optional.empty();
  }

  AttestationPolicyDirectory dir(Path d) {
    return new AttestationPolicyDirectory(d, repo, AttestationPolicyDirectoryTest::builtIn, clock);
  }

  String stored(String id) {
    return repo.texts.get("ATTESTATION/" + id);
  }

  @Test
  void subPathFilesBecomePoliciesAChangeIsImportedAndRemovalFallsBackToTheDefault()
      throws Exception {
    repo.store(PolicyKind.ATTESTATION, "default_cpu", BUILT_IN_CPU, clock.instant());
    Path d = Files.createDirectories(root.resolve("storage/attestation_service_policy"));
    Files.writeString(d.resolve("default_cpu.rego"), CPU_V1);
    Files.writeString(d.resolve("custom.rego"), CUSTOM);
    Files.writeString(d.resolve("README.md"), "not a policy");
    AttestationPolicyDirectory w = dir(d);

    AttestationPolicyDirectory.Result first = w.importNow(Runnable::run);
    assertThat(first.stored()).containsExactly("custom", "default_cpu");
    assertThat(stored("default_cpu")).isEqualTo(CPU_V1);
    assertThat(repo.owned(PolicyKind.ATTESTATION))
        .containsEntry("default_cpu", AttestationPolicyDirectory.sourceOf(d))
        .containsEntry("custom", AttestationPolicyDirectory.sourceOf(d));
    int writes = repo.writes;
    assertThat(w.importNow(Runnable::run).changed()).isFalse();
    assertThat(dir(d).importNow(Runnable::run).stored()).isEmpty(); // a restart writes nothing
    assertThat(repo.writes).isEqualTo(writes);

    Files.writeString(d.resolve("default_cpu.rego"), CPU_V2);
    assertThat(w.importNow(Runnable::run).stored()).containsExactly("default_cpu");
    assertThat(stored("default_cpu")).isEqualTo(CPU_V2);

    Files.delete(d.resolve("default_cpu.rego"));
    Files.delete(d.resolve("custom.rego"));
    AttestationPolicyDirectory.Result gone = w.importNow(Runnable::run);
    assertThat(gone.removed()).containsExactlyInAnyOrder("default_cpu", "custom");
    assertThat(stored("default_cpu")).isEqualTo(BUILT_IN_CPU);
    assertThat(stored("custom")).isNull();
    assertThat(repo.owned(PolicyKind.ATTESTATION)).isEmpty();
  }

  @Test
  void legacyConfigMapDirectoryWithDefaultRegoIsTheCpuPolicy() throws Exception {
    Path opa = Files.createDirectories(root.resolve("policies/opa"));
    Path stamp = Files.createDirectories(opa.resolve("..2026_12_06_09_00_00.1"));
    Files.writeString(stamp.resolve("default.rego"), CPU_V1);
    Files.createSymbolicLink(opa.resolve("..data"), stamp.getFileName());
    Files.createSymbolicLink(opa.resolve("default.rego"), Path.of("..data/default.rego"));

    assertThat(dir(opa).importNow(Runnable::run).stored()).containsExactly("default_cpu");
    assertThat(stored("default_cpu")).isEqualTo(CPU_V1);

    // A ConfigMap update swaps ..data to a new timestamped directory.
    Path stamp2 = Files.createDirectories(opa.resolve("..2026_12_06_09_05_00.2"));
    Files.writeString(stamp2.resolve("default.rego"), CPU_V2);
    Files.delete(opa.resolve("..data"));
    Files.createSymbolicLink(opa.resolve("..data"), stamp2.getFileName());
    assertThat(dir(opa).importNow(Runnable::run).stored()).containsExactly("default_cpu");
    assertThat(stored("default_cpu")).isEqualTo(CPU_V2);
  }

  @Test
  void aFileThatDoesNotCompileKeepsTheStoredPolicyAndIsReported() throws Exception {
    Path d = Files.createDirectories(root.resolve("p"));
    Files.writeString(d.resolve("default_cpu.rego"), CPU_V1);
    AttestationPolicyDirectory w = dir(d);
    w.importNow(Runnable::run);

    Files.writeString(d.resolve("default_cpu.rego"), "package policy\n\nallow if {\n");
    AttestationPolicyDirectory.Result r = w.importNow(Runnable::run);
    assertThat(r.error())
        .get()
        .asString()
        .contains("default_cpu.rego")
        .contains("does not compile");
    assertThat(w.lastError()).isPresent();
    assertThat(stored("default_cpu")).isEqualTo(CPU_V1);
    assertThat(r.removed()).isEmpty();

    Files.writeString(d.resolve("default_cpu.rego"), CPU_V2);
    assertThat(w.importNow(Runnable::run).stored()).containsExactly("default_cpu");
    assertThat(w.lastError()).isEmpty();
  }

  @Test
  void stateMovesOnOnlyAfterCommitAndAnotherDirectorysPoliciesAreRemoved() throws Exception {
    Path old = Files.createDirectories(root.resolve("old"));
    Files.writeString(old.resolve("custom.rego"), CUSTOM);
    dir(old).importNow(Runnable::run);

    Path d = Files.createDirectories(root.resolve("new"));
    Files.writeString(d.resolve("default_cpu.rego"), CPU_V1);
    AttestationPolicyDirectory w = dir(d);
    List<Runnable> pending = new ArrayList<>();
    AttestationPolicyDirectory.Result r = w.importNow(pending::add);
    assertThat(r.removed()).containsExactly("custom");
    pending.clear(); // rolled back
    assertThat(w.importNow(pending::add).changed()).isTrue();
    pending.forEach(Runnable::run);
    assertThat(w.importNow(pending::add).changed()).isFalse();

    assertThat(
            AttestationPolicyDirectory.removeOwnedExcept(repo, null, id -> Optional.empty(), clock))
        .containsExactly("default_cpu");
    assertThat(stored("default_cpu")).isNull();
  }

  @Test
  void aMissingDirectoryKeepsWhatWasImported() throws Exception {
    Path d = Files.createDirectories(root.resolve("gone"));
    Files.writeString(d.resolve("custom.rego"), CUSTOM);
    AttestationPolicyDirectory w = dir(d);
    w.importNow(Runnable::run);
    Files.delete(d.resolve("custom.rego"));
    Files.delete(d);
    assertThat(w.importNow(Runnable::run).error()).isPresent();
    assertThat(stored("custom")).isEqualTo(CUSTOM);
  }
}
