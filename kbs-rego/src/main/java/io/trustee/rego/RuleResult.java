package io.trustee.rego;

import java.util.Optional;

/**
 * The outcome for one rule path: absent (nothing in the policy at that path), undefined, or defined
 * with a value. Immutable.
 */
public final class RuleResult {
  /** The three outcomes. */
  public enum Status {
    ABSENT,
    UNDEFINED,
    DEFINED
  }

  private static final RuleResult ABSENT = new RuleResult(Status.ABSENT, null);
  private static final RuleResult UNDEFINED = new RuleResult(Status.UNDEFINED, null);

  private final Status status;
  private final Value value;

  private RuleResult(Status status, Value value) {
    this.status = status;
    this.value = value;
  }

  /** No rule or package at the path. */
  public static RuleResult absent() {
    return ABSENT;
  }

  /** The rule exists but is undefined. */
  public static RuleResult undefined() {
    return UNDEFINED;
  }

  /** The rule has a value. */
  public static RuleResult defined(Value v) {
    return new RuleResult(Status.DEFINED, v);
  }

  /** The status. */
  public Status status() {
    return status;
  }

  /** True if defined. */
  public boolean isDefined() {
    return status == Status.DEFINED;
  }

  /** The value if defined. */
  public Optional<Value> value() {
    return Optional.ofNullable(value);
  }

  /** True if defined and equal to {@code true}. */
  public boolean isTrue() {
    return value == BooleanValue.TRUE;
  }

  @Override
  public String toString() {
    return status == Status.DEFINED ? value.toString() : status.name().toLowerCase();
  }
}
