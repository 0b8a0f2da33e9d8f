package io.trustee.kbs.console;

import io.trustee.kbs.admin.AdminPrincipal;
import io.trustee.kbs.service.AdminGuard;
import io.trustee.kbs.service.KbsError;
import io.trustee.kbs.service.KbsException;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Sign-in and sign-out of the console. {@code POST /console/session} with {@code Authorization:
 * Bearer <admin token>} (an Ed25519 admin token from {@code kbs-client admin-token --ttl 1h}, or
 * the identity provider's token) checks the token with the API's {@link AdminGuard} and stores it
 * in the {@link ConsoleCookie}; 401 when the token is refused. {@code DELETE} removes the cookie.
 * The token comes in a header, never a form field or URL, and is never logged.
 */
@WebServlet(urlPatterns = ConsolePaths.SESSION)
public class ConsoleSessionServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(ConsoleSessionServlet.class.getName());

  @Inject transient AdminGuard admin;

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String header = req.getHeader("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      ConsoleFilter.refuse(res, "Authorization: an admin token (Bearer) is required");
      return;
    }
    String token = header.substring("Bearer ".length()).trim();
    AdminPrincipal who;
    try {
      who =
          admin.require(
              Optional.of("Bearer " + token),
              req.getContextPath() + ConsolePaths.SESSION,
              KbsError.AdminAuthAccess);
      res.setHeader("Set-Cookie", ConsoleCookie.set(token));
    } catch (KbsException | IllegalArgumentException e) {
      ConsoleFilter.refuse(res, "the admin token was refused: " + message(e));
      return;
    }
    LOG.info(() -> "console: signed in as " + who.auditId());
    res.setStatus(HttpServletResponse.SC_NO_CONTENT);
  }

  @Override
  protected void doDelete(HttpServletRequest req, HttpServletResponse res) {
    res.setHeader("Set-Cookie", ConsoleCookie.clear());
    res.setStatus(HttpServletResponse.SC_NO_CONTENT);
  }

  private static String message(Exception e) {
    return e instanceof KbsException k ? k.detail() : e.getMessage();
  }
}
