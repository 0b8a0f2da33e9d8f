package io.trustee.kbs.client;

import java.util.Objects;

/**
 * One row of {@code kbs-client doctor}: the check, its status ({@code ok}, {@code warn}: works but
 * deserves a look or could not be checked, {@code FAIL}: broken) and a one-line detail.
 */
record DoctorRow(String check, String status, String detail) {
  static final String OK = "ok";
  static final String WARN = "warn";
  static final String FAIL = "FAIL";

  DoctorRow {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(status, "status");
    detail = Objects.requireNonNull(detail, "detail").replaceAll("[\\r\\n\\t]+", " ");
  }

  static DoctorRow ok(String check, String detail) {
    return new DoctorRow(check, OK, detail);
  }

  static DoctorRow warn(String check, String detail) {
    return new DoctorRow(check, WARN, detail);
  }

  static DoctorRow fail(String check, String detail) {
    return new DoctorRow(check, FAIL, detail);
  }

  boolean failed() {
    return status.equals(FAIL);
  }
}
