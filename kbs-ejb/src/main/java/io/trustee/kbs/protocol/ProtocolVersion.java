package io.trustee.kbs.protocol;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The KBS client protocol versions this server accepts (kbs-protocol.md §12). Upstream accepts only
 * 0.4.0; older versions are accepted here so that older guests keep working, and select the body
 * parser, the report-data binding and the JWE form.
 *
 * <p>Parsing is semver: {@code MAJOR.MINOR.PATCH} without leading zeros; a pre-release suffix never
 * matches (as upstream's {@code =0.4.0} requirement), build metadata ({@code +…}) is ignored as
 * semver precedence ignores it. Enum constants are immutable and thread-safe; {@link #parse} treats
 * null as a mismatch.
 */
public enum ProtocolVersion {
  V0_1_0(0, 1, 0),
  V0_1_1(0, 1, 1),
  V0_2_0(0, 2, 0),
  V0_3_0(0, 3, 0),
  V0_4_0(0, 4, 0);

  /** The version current guests send. */
  public static final ProtocolVersion CURRENT = V0_4_0;

  private static final Pattern SEMVER =
      Pattern.compile(
          "^(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})"
              + "(?:-([0-9A-Za-z.-]+))?(?:\\+([0-9A-Za-z.-]+))?$");

  private final int major;
  private final int minor;
  private final int patch;

  ProtocolVersion(int major, int minor, int patch) {
    this.major = major;
    this.minor = minor;
    this.patch = patch;
  }

  /**
   * Parses a client version string.
   *
   * @throws VersionMismatchException if the string is null, not semver, carries a pre-release
   *     suffix or names a version this server does not support
   */
  public static ProtocolVersion parse(String version) throws VersionMismatchException {
    if (version == null) {
      throw new VersionMismatchException(null);
    }
    Matcher m = SEMVER.matcher(version);
    if (!m.matches() || m.group(4) != null) {
      throw new VersionMismatchException(version);
    }
    int ma = Integer.parseInt(m.group(1));
    int mi = Integer.parseInt(m.group(2));
    int pa = Integer.parseInt(m.group(3));
    for (ProtocolVersion v : values()) {
      if (v.major == ma && v.minor == mi && v.patch == pa) {
        return v;
      }
    }
    throw new VersionMismatchException(version);
  }

  /** "0.4.0" etc. */
  public String wire() {
    return major + "." + minor + "." + patch;
  }

  /** True for 0.1.0 and 0.1.1, whose resource responses use the legacy JWE form. */
  public boolean usesLegacyJwe() {
    return compareTo(V0_2_0) < 0;
  }

  /** True for 0.3.0 and later (primary/additional evidence and the additional-evidence binding). */
  public boolean hasAdditionalEvidence() {
    return compareTo(V0_3_0) >= 0;
  }

  static String supportedList() {
    return Arrays.stream(values()).map(ProtocolVersion::wire).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return wire();
  }
}
