package io.trustee.kbs.web.security;

import io.trustee.kbs.metrics.KbsMetrics;
import io.trustee.kbs.runtime.KbsSettings;
import io.trustee.kbs.service.KbsError;
import io.trustee.kbs.service.KbsException;
import io.trustee.kbs.throttle.ClientAddress;
import io.trustee.kbs.throttle.RateLimiter;
import io.trustee.kbs.throttle.SessionAllowance;
import io.trustee.kbs.web.error.KbsExceptionMapper;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Throttles the endpoints anyone may call without credentials and that cost the server work and
 * storage: {@code POST /kbs/v0/auth}, {@code /kbs/v0/attest} and {@code /attestation}. Per client
 * address ({@link ClientAddress}, with {@code kbs.ratelimit.trusted-proxy-header} behind a route):
 *
 * <ul>
 *   <li>a token bucket ({@code kbs.ratelimit.rate} per second, {@code kbs.ratelimit.burst});
 *   <li>on {@code /auth}, at most {@code kbs.session.max-per-client} live sessions.
 * </ul>
 *
 * Beyond either the answer is 429 {@code TooManyRequests} with {@code Retry-After}, before the body
 * is parsed. The tables hold at most {@code kbs.ratelimit.max-clients} addresses. The state is per
 * replica: with N replicas behind a load balancer a client gets up to N times the allowance.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class RateLimitFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(RateLimitFilter.class.getName());

  private static final Set<String> LIMITED =
      Set.of("/kbs/v0/auth", "/kbs/v0/attest", "/attestation");
  private static final String AUTH = "/kbs/v0/auth";

  @Inject transient KbsSettings settings;
  @Inject transient KbsMetrics metrics;

  private transient volatile RateLimiter limiter;
  private transient volatile SessionAllowance sessions;

  private RateLimiter limiter() {
    RateLimiter l = limiter;
    if (l == null) {
      synchronized (this) {
        if (limiter == null) {
          limiter =
              new RateLimiter(
                  settings.rateLimitRate(),
                  settings.rateLimitBurst(),
                  settings.rateLimitMaxClients());
        }
        l = limiter;
      }
    }
    return l;
  }

  private SessionAllowance sessions() {
    SessionAllowance s = sessions;
    if (s == null) {
      synchronized (this) {
        if (sessions == null) {
          sessions =
              new SessionAllowance(settings.sessionMaxPerClient(), settings.rateLimitMaxClients());
        }
        s = sessions;
      }
    }
    return s;
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String path = normalizedPath(req);
    if (!"POST".equals(req.getMethod()) || !LIMITED.contains(path)) {
      chain.doFilter(req, res);
      return;
    }
    Optional<String> header = settings.rateLimitTrustedProxyHeader();
    String client = ClientAddress.of(req.getRemoteAddr(), header.map(req::getHeader));
    RateLimiter.Decision d = limiter().tryAcquire(client);
    if (!d.allowed()) {
      LOG.fine(() -> "rate limit: " + client + " " + req.getRequestURI());
      metrics.rateLimited(KbsMetrics.RateLimit.RATE);
      tooMany(
          res,
          d.retryAfterSeconds(),
          "request rate limit reached for this client "
              + "(kbs.ratelimit.rate / kbs.ratelimit.burst); retry later");
      return;
    }
    if (!AUTH.equals(path)) {
      chain.doFilter(req, res);
      return;
    }
    long now = System.currentTimeMillis();
    long expires = now + settings.sessionTimeout().toMillis();
    SessionAllowance allowance = sessions();
    if (!allowance.tryReserve(client, now, expires)) {
      LOG.fine(() -> "session allowance: " + client);
      metrics.rateLimited(KbsMetrics.RateLimit.CLIENT_SESSIONS);
      tooMany(
          res,
          allowance.secondsUntilAPlaceFrees(client, now),
          "this client has " + "kbs.session.max-per-client open sessions; retry when one expires");
      return;
    }
    boolean opened = false;
    try {
      chain.doFilter(req, res);
      opened = res.getStatus() == 200;
    } finally {
      if (!opened) {
        allowance.release(client, expires);
      }
    }
  }

  /**
   * The path within the application as JAX-RS will match it: decoded, repeated and trailing slashes
   * collapsed (so {@code //kbs/v0/auth/} cannot slip past).
   */
  static String normalizedPath(HttpServletRequest req) {
    String p = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
    p = p.replaceAll("/{2,}", "/");
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  private static void tooMany(HttpServletResponse res, long retryAfter, String detail)
      throws IOException {
    res.setHeader("Retry-After", String.valueOf(retryAfter));
    KbsExceptionMapper.Problems.send(res, new KbsException(KbsError.TooManyRequests, detail));
  }
}
