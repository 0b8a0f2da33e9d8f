package io.trustee.kbs.web.metrics;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.EnumSet;

/**
 * Maps {@link HttpMetricsFilter} to {@code /kbs/*} ahead of the annotated filters (the rate limit,
 * the body-size limit), whose relative order the Servlet specification leaves open: a filter added
 * here with {@code isMatchAfter = false} matches before every declared mapping.
 */
@WebListener
public class HttpMetricsRegistration implements ServletContextListener {
  @Override
  public void contextInitialized(ServletContextEvent event) {
    FilterRegistration.Dynamic f =
        event.getServletContext().addFilter("kbs-http-metrics", HttpMetricsFilter.class);
    f.setAsyncSupported(true);
    f.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/kbs/*");
  }
}
