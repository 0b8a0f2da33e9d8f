package io.trustee.kbs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The container image and the OpenShift bundle never turn on the {@code sample} TEE (a development
 * tool without security); only the run command and the test servers do.
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
  @ValueSource(strings = {"Containerfile", "server.xml", "bin/kbs"})
  void sampleTeeIsNotEnabled(String file) throws Exception {
    String text = Files.readString(serverConfig().resolve(file)).toLowerCase();
    assertThat(text).doesNotContainPattern(SAMPLE_ON);
  }

  private static final String SAMPLE_ON = "kbs[._]tee[._]sample[._]enabled\\W+(value\\W+)?true";

  /** Every file of the OpenShift bundle (manifests, ConfigMap sources, the secrets script). */
  @Test
  void sampleTeeIsNotEnabledInTheOpenShiftBundle() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(serverConfig().resolve("openshift"))) {
      files = s.filter(Files::isRegularFile).toList();
    }
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      assertThat(Files.readString(f).toLowerCase())
          .as(f.toString())
          .doesNotContainPattern(SAMPLE_ON);
    }
  }
}
