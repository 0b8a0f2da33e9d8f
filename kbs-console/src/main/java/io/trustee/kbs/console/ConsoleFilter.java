package io.trustee.kbs.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trustee.kbs.json.Json;
import io.trustee.kbs.service.AdminGuard;
import io.trustee.kbs.service.KbsError;
import io.trustee.kbs.service.KbsException;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Every console request: sets {@link ConsoleHeaders}, then lets public paths through ({@link
 * ConsolePaths}) and refuses everything else unless the sign-in cookie holds an admin token that
 * {@link AdminGuard} accepts now (checked on every request, so an expired or revoked token ends the
 * session at once, on every replica: nothing is kept server-side). A refused page navigation is
 * redirected to the sign-in page; any other refused request gets 401 with an RFC 7807 body.
 */
@WebFilter(urlPatterns = "/*")
public class ConsoleFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  @Inject transient AdminGuard admin;

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    ConsoleHeaders.all().forEach(res::setHeader);
    String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
    if (ConsolePaths.isPublic(path) || signedIn(req, path)) {
      chain.doFilter(req, res);
      return;
    }
    if (ConsolePaths.isPage(path) && "GET".equals(req.getMethod())) {
      res.setStatus(HttpServletResponse.SC_SEE_OTHER);
      res.setHeader("Location", req.getContextPath() + ConsolePaths.LOGIN_PAGE);
      return;
    }
    refuse(
        res,
        "sign in to the KBS console first (an admin token at " + ConsolePaths.LOGIN_PAGE + ")");
  }

  private boolean signedIn(HttpServletRequest req, String path) {
    Optional<String> token = ConsoleCookie.token(req);
    if (token.isEmpty()) {
      return false;
    }
    try {
      admin.require(
          Optional.of("Bearer " + token.get()),
          req.getContextPath() + path,
          KbsError.AdminAuthAccess);
      return true;
    } catch (KbsException e) {
      return false;
    }
  }

  static void refuse(HttpServletResponse res, String detail) throws IOException {
    res.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    res.setContentType("application/problem+json");
    res.setCharacterEncoding("UTF-8");
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("type", "about:blank");
    body.put("title", "Unauthorized");
    body.put("status", HttpServletResponse.SC_UNAUTHORIZED);
    body.put("detail", detail);
    res.getOutputStream().write(Json.mapper().writeValueAsBytes(body));
  }
}
