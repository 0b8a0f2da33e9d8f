package io.trustee.kbs.runtime;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/** Test support: {@link KbsSettings} over a map, for tests of beans in other packages. */
public final class TestSettings {
  private TestSettings() {}

  /** A MicroProfile Config over a map (String, Boolean, Integer, Long only). */
  public static Config config(Map<String, String> values) {
    return new Config() {
      @Override
      public <T> T getValue(String name, Class<T> type) {
        return getOptionalValue(name, type).orElseThrow(() -> new NoSuchElementException(name));
      }

      @Override
      public ConfigValue getConfigValue(String name) {
        throw new UnsupportedOperationException();
      }

      @Override
      public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
        String v = values.get(name);
        if (v == null) {
          return Optional.empty();
        }
        Object o =
            type == Boolean.class
                ? Boolean.valueOf(v)
                : type == Integer.class
                    ? Integer.valueOf(v)
                    : type == Long.class ? Long.valueOf(v) : v;
        return Optional.of(type.cast(o));
      }

      @Override
      public Iterable<String> getPropertyNames() {
        return values.keySet();
      }

      @Override
      public Iterable<ConfigSource> getConfigSources() {
        return java.util.List.of();
      }

      @Override
      public <T> Optional<Converter<T>> getConverter(Class<T> type) {
        return Optional.empty();
      }

      @Override
      public <T> T unwrap(Class<T> type) {
        throw new IllegalArgumentException();
      }
    };
  }

  /**
   * Settings whose MicroProfile Config is {@code values} over, when {@code values} names one with
   * {@code kbs.config-file}, the kbs-config file's source ({@link KbsConfigFileSource}), as the
   * server layers them.
   */
  public static KbsSettings of(Map<String, String> values) {
    Map<String, String> layered = new HashMap<>();
    Optional.ofNullable(values.get(KbsConfigFileSource.FILE_KEY))
        .map(f -> new KbsConfigFileSource(Optional.of(Path.of(f))))
        .ifPresent(source -> layered.putAll(source.getProperties()));
    layered.putAll(values);
    KbsSettings s = new KbsSettings();
    s.config = config(layered);
    return s;
  }
}
