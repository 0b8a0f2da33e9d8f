package io.trustee.kbs.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trustee.kbs.broker.ResourceEncryptor;
import io.trustee.kbs.protocol.ProtocolVersion;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The seed of {@link JweFuzzTest}: a resource response made by the KBS's own {@link
 * ResourceEncryptor} to the fixed test key of {@link JweFuzzTest#keys()}. The seed must keep
 * decrypting, or the fuzzer would never get past the tag check.
 */
class JweFuzzSeedsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DIR = "src/test/resources/io/trustee/kbs/client/JweFuzzTestInputs";

  @Test
  void committedSeedDecryptsWithTheCommittedKey() throws Exception {
    URL seed = JweFuzzSeedsTest.class.getResource("JweFuzzTestInputs/jwe/valid-ecdh-es");
    assertThat(seed).isNotNull();
    byte[] jwe = Files.readAllBytes(Path.of(seed.toURI()));
    byte[] plain = JweDecryptor.decrypt(JSON.readTree(jwe), JweFuzzTest.keys());
    assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo("fuzz seed secret");
  }

  /**
   * Regenerates the seed: {@code mvn -o -q test -pl kbs-client -am -Dtest=JweFuzzSeedsTest
   * -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.writeSeeds=true}.
   */
  @Test
  @EnabledIfSystemProperty(named = "fuzz.writeSeeds", matches = "true")
  void writeSeeds() throws Exception {
    TeeKeys keys = JweFuzzTest.keys();
    Files.createDirectories(Path.of(DIR, "jwe"));
    byte[] jwe =
        JSON.writeValueAsBytes(
            new ResourceEncryptor(false)
                .encrypt(
                    "fuzz seed secret".getBytes(StandardCharsets.UTF_8),
                    keys.jwk(),
                    ProtocolVersion.V0_4_0));
    Files.write(Path.of(DIR, "jwe", "valid-ecdh-es"), jwe);
  }
}
