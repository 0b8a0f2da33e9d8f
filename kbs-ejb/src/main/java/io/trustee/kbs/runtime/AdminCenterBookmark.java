package io.trustee.kbs.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The KBS console as a bookmark in Liberty Admin Center's toolbox, so that "the app server's admin
 * console" leads to it. Admin Center keeps a toolbox per console user ({@code GET
 * /ibm/api/adminCenter/v1/toolbox}); {@link #ensure} adds the bookmark there when it is missing and
 * replaces it when its URL changed (the KBS port or public URL moved), and adds it to the catalog
 * ({@code /ibm/api/adminCenter/v1/catalog/bookmarks}) so that other console users can pick it.
 * Idempotent: running it again changes nothing. The HTTP exchange is a {@link Transport} so that
 * the logic is tested without a server.
 */
public final class AdminCenterBookmark {
  public static final String NAME = "KBS console";
  static final String TOOLBOX = "/ibm/api/adminCenter/v1/toolbox";
  static final String CATALOG = "/ibm/api/adminCenter/v1/catalog";
  static final String DESCRIPTION =
      "Trustee KBS attestations and why they failed, reference values, secrets, policies, audit";

  /** One HTTP exchange with Admin Center's REST API (basic authentication is the caller's). */
  public interface Transport {
    /** Sends {@code method path} with an optional JSON body; returns the status and body. */
    Response send(String method, String path, String jsonBody) throws IOException;
  }

  /** An HTTP status and body. */
  public record Response(int status, String body) {}

  /** What {@link #ensure} did. */
  public enum Outcome {
    ADDED,
    REPLACED,
    PRESENT
  }

  private final URI consoleUrl;

  public AdminCenterBookmark(URI consoleUrl) {
    this.consoleUrl = Objects.requireNonNull(consoleUrl, "consoleUrl");
  }

  /** The bookmark's JSON: name, URL, icon, description. */
  ObjectNode json() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("name", NAME);
    o.put("url", consoleUrl.toString());
    o.put("icon", consoleUrl.resolve("kbs-icon.svg").toString());
    // Admin Center refuses ~ & : ; \\ / ? { } < > [ ] in a description (CWWKX1026E)
    o.put("description", DESCRIPTION);
    return o;
  }

  /**
   * Makes sure the toolbox and the catalog hold the bookmark with this URL.
   *
   * @throws IOException when Admin Center does not answer as documented (not started yet, wrong
   *     password): the caller retries later
   */
  public Outcome ensure(Transport http) throws IOException {
    Outcome toolbox = ensureIn(http, TOOLBOX);
    ensureIn(http, CATALOG);
    return toolbox;
  }

  private Outcome ensureIn(Transport http, String base) throws IOException {
    Response list = http.send("GET", base, null);
    if (list.status() != 200) {
      throw new IOException("GET " + base + ": HTTP " + list.status() + " " + brief(list.body()));
    }
    JsonNode bookmarks = Json.mapper().readTree(list.body()).path("bookmarks");
    Outcome outcome = Outcome.ADDED;
    for (JsonNode b : bookmarks) {
      if (NAME.equals(b.path("name").asText())) {
        if (consoleUrl.toString().equals(b.path("url").asText())) {
          return Outcome.PRESENT;
        }
        String id = URLEncoder.encode(b.path("id").asText(), StandardCharsets.UTF_8);
        Response del = http.send("DELETE", base + "/bookmarks/" + id, null);
        if (del.status() / 100 != 2) {
          throw new IOException("DELETE " + base + "/bookmarks/" + id + ": HTTP " + del.status());
        }
        outcome = Outcome.REPLACED;
      }
    }
    Response add = http.send("POST", base + "/bookmarks", json().toString());
    if (add.status() / 100 != 2) {
      throw new IOException(
          "POST " + base + "/bookmarks: HTTP " + add.status() + " " + brief(add.body()));
    }
    return outcome;
  }

  private static String brief(String body) {
    String b = body == null ? "" : body.replaceAll("\\s+", " ");
    return b.length() > 300 ? b.substring(0, 300) + "…" : b;
  }
}
