package io.trustee.kbs.throttle;

import java.util.Optional;

/**
 * The address a request is counted against. Without a trusted proxy header it is the socket peer.
 * Behind a proxy or route that appends the address it saw to a header such as {@code
 * X-Forwarded-For} ({@code kbs.ratelimit.trusted-proxy-header}), it is the last (rightmost) entry
 * of that header — the one the trusted proxy wrote; entries to its left come from the client and
 * are ignored. A request without the header (one that bypassed the proxy) counts against its peer.
 * The result is at most 64 characters.
 */
public final class ClientAddress {
  static final int MAX_LENGTH = 64;

  private ClientAddress() {}

  public static String of(String peer, Optional<String> trustedHeaderValue) {
    String chosen = peer == null ? "unknown" : peer;
    if (trustedHeaderValue.isPresent()) {
      String v = trustedHeaderValue.get();
      int comma = v.lastIndexOf(',');
      String last = (comma < 0 ? v : v.substring(comma + 1)).trim();
      if (!last.isEmpty()) {
        chosen = last;
      }
    }
    return chosen.length() > MAX_LENGTH ? chosen.substring(0, MAX_LENGTH) : chosen;
  }
}
