package io.trustee.kbs.store;

import java.util.Arrays;

/**
 * The overall result of a recorded appraisal: affirming when every submodule's EAR status is {@code
 * affirming}, otherwise not. {@link #wire()} is the string the database column {@code
 * KBS_APPRAISAL.STATUS} holds and the admin API prints ({@code "affirming"}, {@code
 * "not-affirming"}).
 */
public enum AppraisalStatus {
  AFFIRMING("affirming"),
  NOT_AFFIRMING("not-affirming");

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
