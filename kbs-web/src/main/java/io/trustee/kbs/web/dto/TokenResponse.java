package io.trustee.kbs.web.dto;

/** {@code /attest} response body: {@code {"token": "<EAR JWT>"}}. */
public record TokenResponse(String token) {
  @Override
  public String toString() {
    return "TokenResponse[…]";
  }
}
