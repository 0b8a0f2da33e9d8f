package io.trustee.kbs.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LegacyResourceDirectoryTest {
  @TempDir Path dir;

  @Test
  void importsThreeLevelFilesFollowingKubernetesSymlinks() throws Exception {
    Path secret = dir.resolve("default/kbsres1");
    Files.createDirectories(secret.resolve("..2026_01_01/"));
    Files.writeString(secret.resolve("..2026_01_01/key1"), "v1");
    Files.createSymbolicLink(secret.resolve("..data"), secret.resolve("..2026_01_01"));
    Files.createSymbolicLink(secret.resolve("key1"), Path.of("..data/key1"));
    Files.createDirectories(dir.resolve("default/security-policy"));
    Files.writeString(dir.resolve("default/security-policy/osc"), "{}");

    LegacyResourceDirectory.Result r = LegacyResourceDirectory.scan(dir);
    assertThat(r.entries())
        .extracting(e -> e.path().toString())
        .containsExactly("default/kbsres1/key1", "default/security-policy/osc");
    assertThat(new String(r.entries().get(0).content())).isEqualTo("v1");
    assertThat(r.skipped()).isEmpty();
  }

  @Test
  void skipsInvalidNamesAndWrongDepthWithReasons() throws Exception {
    Files.createDirectories(dir.resolve("default/type/deeper"));
    Files.writeString(dir.resolve("default/type/deeper/x"), "x");
    Files.writeString(dir.resolve("default/type/bad name"), "x");
    Files.writeString(dir.resolve("toplevel"), "x");
    LegacyResourceDirectory.Result r = LegacyResourceDirectory.scan(dir);
    assertThat(r.entries()).isEmpty();
    assertThat(r.skipped())
        .extracting(LegacyResourceDirectory.Skipped::reason)
        .anyMatch(s -> s.contains("invalid resource path"))
        .anyMatch(s -> s.contains("directory below tag level"))
        .anyMatch(s -> s.contains("too shallow"));
  }

  @Test
  void missingDirectoryIsEmpty() throws Exception {
    assertThat(LegacyResourceDirectory.scan(dir.resolve("none")).entries()).isEmpty();
  }
}
