package io.trustee.kbs.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustee.kbs.runtime.AdminCenterBookmark.Outcome;
import io.trustee.kbs.runtime.AdminCenterBookmark.Response;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminCenterBookmarkTest {
  private static final URI CONSOLE = URI.create("https://localhost:8080/console/");

  /** Admin Center's toolbox and catalog as JSON documents with a bookmarks array. */
  static final class FakeAdminCenter implements AdminCenterBookmark.Transport {
    final Map<String, List<String>> bookmarks = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    int failWith;

    @Override
    public Response send(String method, String path, String body) {
      calls.add(method + " " + path);
      if (failWith != 0) {
        return new Response(failWith, "{\"message\":\"CWWKX1026E: no\"}");
      }
      String base = path.replaceAll("/bookmarks.*", "");
      List<String> list = bookmarks.computeIfAbsent(base, k -> new ArrayList<>());
      switch (method) {
        case "GET":
          return new Response(200, "{\"bookmarks\":[" + String.join(",", list) + "]}");
        case "POST":
          list.add(body.replace("{", "{\"id\":\"KBS+console\","));
          return new Response(201, body);
        case "DELETE":
          list.clear();
          return new Response(200, "{}");
        default:
          throw new IllegalArgumentException(method);
      }
    }
  }

  @Test
  void addsTheBookmarkToTheToolboxAndTheCatalogOnceAndThenLeavesThemAlone() throws IOException {
    FakeAdminCenter ac = new FakeAdminCenter();
    assertThat(new AdminCenterBookmark(CONSOLE).ensure(ac)).isEqualTo(Outcome.ADDED);
    assertThat(ac.calls)
        .containsExactly(
            "GET /ibm/api/adminCenter/v1/toolbox",
            "POST /ibm/api/adminCenter/v1/toolbox/bookmarks",
            "GET /ibm/api/adminCenter/v1/catalog",
            "POST /ibm/api/adminCenter/v1/catalog/bookmarks");
    assertThat(ac.bookmarks.get(AdminCenterBookmark.TOOLBOX).get(0))
        .contains("\"name\":\"KBS console\"")
        .contains("\"url\":\"https://localhost:8080/console/\"")
        .contains("\"icon\":\"https://localhost:8080/console/kbs-icon.svg\"");

    ac.calls.clear();
    assertThat(new AdminCenterBookmark(CONSOLE).ensure(ac)).isEqualTo(Outcome.PRESENT);
    assertThat(ac.calls)
        .containsExactly(
            "GET /ibm/api/adminCenter/v1/toolbox", "GET /ibm/api/adminCenter/v1/catalog");
  }

  @Test
  void aMovedConsoleReplacesTheOldBookmark() throws IOException {
    FakeAdminCenter ac = new FakeAdminCenter();
    new AdminCenterBookmark(CONSOLE).ensure(ac);
    ac.calls.clear();
    URI moved = URI.create("https://kbs.example.com/console/");
    assertThat(new AdminCenterBookmark(moved).ensure(ac)).isEqualTo(Outcome.REPLACED);
    assertThat(ac.calls).contains("DELETE /ibm/api/adminCenter/v1/toolbox/bookmarks/KBS%2Bconsole");
    assertThat(ac.bookmarks.get(AdminCenterBookmark.TOOLBOX))
        .singleElement()
        .asString()
        .contains("https://kbs.example.com/console/");
  }

  @Test
  void anAdminCenterThatRefusesIsAnErrorWithItsMessageForTheRetry() {
    FakeAdminCenter ac = new FakeAdminCenter();
    ac.failWith = 401;
    assertThatThrownBy(() -> new AdminCenterBookmark(CONSOLE).ensure(ac))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("CWWKX1026E");
  }

  @Test
  void theDescriptionAvoidsTheCharactersAdminCenterRefuses() {
    assertThat(AdminCenterBookmark.DESCRIPTION).doesNotContainPattern("[~&:;\\\\/?{}<>\\[\\]]");
    assertThat(AdminCenterBookmark.NAME).doesNotContainPattern("[~&:;\\\\/?{}<>\\[\\]]");
  }
}
