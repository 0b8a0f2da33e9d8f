package io.trustee.kbs.web.resource;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small helpers to read what the façades need from a request. Stateless. */
final class Requests {
  private Requests() {}

  static Optional<String> authorization(HttpHeaders headers) {
    return Optional.ofNullable(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
  }

  /** Query parameters, first value of each (what upstream exposes to the resource policy). */
  static Map<String, String> query(UriInfo uri) {
    MultivaluedMap<String, String> q = uri.getQueryParameters();
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : q.entrySet()) {
      if (!e.getValue().isEmpty()) {
        out.put(e.getKey(), e.getValue().get(0));
      }
    }
    return out;
  }
}
