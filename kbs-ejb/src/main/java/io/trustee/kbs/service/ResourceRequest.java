package io.trustee.kbs.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A guest's resource request as the web layer received it: the path segments after {@code
 * /kbs/v0/resource/}, the query parameters (exposed to the resource policy), the session cookie and
 * the {@code Authorization} header, if any.
 */
public record ResourceRequest(
    List<String> segments,
    Map<String, String> query,
    Optional<String> sessionId,
    Optional<String> authorization) {

  public ResourceRequest {
    segments = List.copyOf(segments);
    query = Map.copyOf(query);
  }

  @Override
  public String toString() {
    return "ResourceRequest[" + String.join("/", segments) + "]";
  }
}
