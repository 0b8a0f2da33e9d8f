package io.trustee.kbs.resource;

import java.util.Objects;

/**
 * A {@code containers-policy.json} document that a guest could not use, with the JSON path of the
 * first error ({@code $.transports.docker["quay.io"][0].keyType}) and what is wrong there. The
 * message carries no content of the document beyond names and type words.
 */
public final class InvalidContainersPolicyException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String jsonPath;

  public InvalidContainersPolicyException(String jsonPath, String problem) {
    super(Objects.requireNonNull(jsonPath, "jsonPath") + ": " + Objects.requireNonNull(problem));
    this.jsonPath = jsonPath;
  }

  /** Where the error is, as a JSON path from the document root {@code $}. */
  public String jsonPath() {
    return jsonPath;
  }
}
