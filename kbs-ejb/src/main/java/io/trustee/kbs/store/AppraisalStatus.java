package io.trustee.kbs.store;

import java.util.Arrays;

/**
 * The overall result of a recorded appraisal: affirming when every submodule's EAR status is {@code
 * affirming}, otherwise not; refused when the evidence never reached an appraisal (bad signature,
 * nonce not bound, malformed). {@link #wire()} is the string the database column {@code
 * KBS_APPRAISAL.STATUS} holds and the admin API prints ({@code "affirming"}, {@code
 * "not-affirming"}, {@code "refused"}).
 */
public enum AppraisalStatus {
  AFFIRMING("affirming"),
  NOT_AFFIRMING("not-affirming"),
  /** The evidence was refused before any appraisal (a verifier check failed); no token. */
  REFUSED("refused");

  private final String wire;

  AppraisalStatus(String wire) {
    this.wire = wire;
  }

  /** The status of an appraisal whose submodules were all affirming ({@code true}) or not. */
  public static AppraisalStatus of(boolean affirming) {
    return affirming ? AFFIRMING : NOT_AFFIRMING;
  }

  /**
   * The status stored as {@code wire}.
   *
   * @throws IllegalArgumentException for any other string
   */
  public static AppraisalStatus fromWire(String wire) {
    return Arrays.stream(values())
        .filter(s -> s.wire.equals(wire))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown appraisal status: " + wire));
  }

  /** The stored and printed form. */
  public String wire() {
    return wire;
  }

  @Override
  public String toString() {
    return wire;
  }
}
