package io.trustee.kbs.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /tmp/kbs-secrets/<secret>/<key>} as the kubelet projects a Secret volume: each key is a
 * symlink to {@code ..data/<key>}, {@code ..data} a symlink to a timestamped directory.
 */
class SecretMountDirectoryTest {
  @TempDir Path root;

  static void projectSecret(Path root, String secret, String... keyValues) throws Exception {
    Path dir = Files.createDirectories(root.resolve(secret));
    Path stamp = Files.createDirectories(dir.resolve("..2026_12_06_08_00_00.000000001"));
    for (int i = 0; i < keyValues.length; i += 2) {
      Files.writeString(stamp.resolve(keyValues[i]), keyValues[i + 1]);
    }
    Files.createSymbolicLink(dir.resolve("..data"), stamp.getFileName());
    for (int i = 0; i < keyValues.length; i += 2) {
      Files.createSymbolicLink(dir.resolve(keyValues[i]), Path.of("..data", keyValues[i]));
    }
  }

  @Test
  void everyKeyOfEverySecretIsDefaultSecretKey() throws Exception {
    projectSecret(root, "kbsres1", "key1", "one", "key2", "two");
    projectSecret(root, "security-policy", "osc", "{\"default\":[{\"type\":\"reject\"}]}");
    Files.writeString(root.resolve("stray-file"), "x");

    LegacyResourceDirectory.Result r = SecretMountDirectory.scan(root);

    assertThat(r.entries())
        .extracting(e -> e.path().toString())
        .containsExactly(
            "default/kbsres1/key1", "default/kbsres1/key2", "default/security-policy/osc");
    assertThat(new String(r.entries().get(1).content(), StandardCharsets.UTF_8)).isEqualTo("two");
    assertThat(r.skipped())
        .extracting(s -> s.file().getFileName().toString())
        .containsExactly("stray-file");
  }

  @Test
  void aSubDirectoryBelowASecretIsSkippedWithAReason() throws Exception {
    Files.createDirectories(root.resolve("s/nested"));
    LegacyResourceDirectory.Result r = SecretMountDirectory.scan(root);
    assertThat(r.entries()).isEmpty();
    assertThat(r.skipped())
        .singleElement()
        .extracting(s -> s.reason())
        .asString()
        .contains("directory");
  }
}
