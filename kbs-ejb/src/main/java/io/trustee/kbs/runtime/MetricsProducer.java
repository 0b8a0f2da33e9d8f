package io.trustee.kbs.runtime;

import io.trustee.kbs.metrics.BuildInfo;
import io.trustee.kbs.metrics.KbsMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The application's one {@link KbsMetrics}: this build's {@code kbs_build_info} and the JVM
 * metrics. A {@code @Singleton} (no client proxy: the class is final and called on every request).
 */
@ApplicationScoped
public class MetricsProducer {
  @Produces
  @Singleton
  static KbsMetrics metrics() {
    return new KbsMetrics(BuildInfo.current()).withJvmMetrics();
  }
}
