package io.trustee.kbs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The container image and the OpenShift manifest never turn on the {@code sample} TEE (a
 * development tool without security); only the run command and the test servers do.
 */
class ProductionManifestsTest {

  static Path serverConfig() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("server-config/openshift"))) {
      p = p.getParent();
    }
    assertThat(p).as("server-config above " + Path.of("").toAbsolutePath()).isNotNull();
    return p.resolve("server-config");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Containerfile", "openshift/kbs.yaml", "server.xml", "bin/kbs"})
  void sampleTeeIsNotEnabled(String file) throws Exception {
    String text = Files.readString(serverConfig().resolve(file)).toLowerCase();
    assertThat(text).doesNotContainPattern("kbs[._]tee[._]sample[._]enabled\\W+(value\\W+)?true");
  }
}
