package io.trustee.kbs.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;

/**
 * The labels of {@code kbs_build_info}: the version, the git commit and the build time, written
 * into {@code build.properties} next to this class by Maven resource filtering ({@code unknown}
 * where the build did not know them, e.g. built outside a git checkout).
 */
public record BuildInfo(String version, String gitHash, String buildDate) {
  static final String UNKNOWN = "unknown";
  private static final String RESOURCE = "build.properties";

  public BuildInfo {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(gitHash, "gitHash");
    Objects.requireNonNull(buildDate, "buildDate");
  }

  /** The build information of this build. */
  public static BuildInfo current() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new BuildInfo(
        known(p.getProperty("version")),
        known(p.getProperty("git_hash")),
        known(p.getProperty("build_date")));
  }

  /** A value the filtering filled, else {@code unknown} (an unfiltered {@code ${...}} or blank). */
  static String known(String value) {
    return value == null || value.isBlank() || value.contains("${") ? UNKNOWN : value.trim();
  }
}
