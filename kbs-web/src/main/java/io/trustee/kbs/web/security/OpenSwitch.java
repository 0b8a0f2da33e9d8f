package io.trustee.kbs.web.security;

/** The settings that may open an {@link AdminUnless} endpoint to callers without credentials. */
public enum OpenSwitch {
  /** {@code kbs.as-api.public}: the AS API ({@code POST /attestation}, {@code /challenge}). */
  AS_API_PUBLIC("kbs.as-api.public"),
  /** {@code kbs.metrics.public}: {@code GET /metrics} (upstream's default). */
  METRICS_PUBLIC("kbs.metrics.public");

  private final String setting;

  OpenSwitch(String setting) {
    this.setting = setting;
  }

  /** The MicroProfile Config key. */
  public String setting() {
    return setting;
  }
}
