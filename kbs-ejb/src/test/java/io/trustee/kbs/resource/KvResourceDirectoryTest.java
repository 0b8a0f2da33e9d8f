package io.trustee.kbs.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key-value LocalFs {@code repository} namespace, laid out as the operator's converter does.
 */
class KvResourceDirectoryTest {
  @TempDir Path storage;

  @Test
  void readsBackslashX2fNamesAsResourcePaths() throws Exception {
    Path repo = Files.createDirectories(storage.resolve("repository"));
    // What secret-converter writes for kbsSecretResources [kbsres1 (key1, key2), security-policy]
    Files.writeString(repo.resolve("default\\x2Fkbsres1\\x2Fkey1"), "s3cret-1");
    Files.writeString(repo.resolve("default\\x2Fkbsres1\\x2Fkey2"), "s3cret-2");
    Files.writeString(repo.resolve("default\\x2Fsecurity-policy\\x2Fosc"), "{\"default\":[]}");
    Files.writeString(repo.resolve(".hidden"), "x");
    Files.writeString(repo.resolve("default\\x2Ftoo-short"), "x");
    Files.writeString(repo.resolve("default\\x2F..\\x2Fescape"), "x");
    Files.createDirectories(repo.resolve("default\\x2Fdir\\x2Fname"));

    LegacyResourceDirectory.Result r = KvResourceDirectory.scan(repo);

    assertThat(r.entries())
        .extracting(e -> e.path().toString())
        .containsExactly(
            "default/kbsres1/key1", "default/kbsres1/key2", "default/security-policy/osc");
    assertThat(new String(r.entries().get(0).content(), StandardCharsets.UTF_8))
        .isEqualTo("s3cret-1");
    assertThat(r.skipped())
        .extracting(s -> s.file().getFileName().toString())
        .containsExactlyInAnyOrder(
            "default\\x2Ftoo-short", "default\\x2F..\\x2Fescape", "default\\x2Fdir\\x2Fname");
  }

  @Test
  void namesRoundTripAndAMissingDirectoryIsEmpty() throws Exception {
    assertThat(KvResourceDirectory.fileNameOf("default/a/b")).isEqualTo("default\\x2Fa\\x2Fb");
    assertThat(KvResourceDirectory.keyOf("default\\x2Fa\\x2Fb")).isEqualTo("default/a/b");
    assertThat(KvResourceDirectory.scan(storage.resolve("absent")).entries()).isEmpty();
  }
}
