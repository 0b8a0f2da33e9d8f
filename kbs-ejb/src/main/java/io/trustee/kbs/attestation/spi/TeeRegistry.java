package io.trustee.kbs.attestation.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TEEs this KBS knows, built from their {@link EvidenceVerifierFactory factories}: which names
 * (and aliases) a guest may send, which claim a reference value maps to per TEE, and which runbook
 * group names carry whose PCRs. {@link #installed()} holds the factories registered with {@link
 * ServiceLoader}; tests build their own from a list.
 *
 * <p>The constructor refuses two factories that answer to the same name or alias, share a PCR
 * prefix or a runbook group, or map a reference value twice. Immutable and thread-safe.
 */
public final class TeeRegistry {
  private static final Pattern PCR_NAME = Pattern.compile("([a-z0-9_]+)_pcr(\\d{2})");

  private final List<EvidenceVerifierFactory> factories;
  private final Map<String, EvidenceVerifierFactory> byName = new LinkedHashMap<>();
  private final Map<String, String> canonical = new HashMap<>();
  private final Map<String, Map<String, ClaimMapping>> mappings = new HashMap<>();
  private final Map<String, String> teeByPcrPrefix = new HashMap<>();
  private final Map<String, String> pcrPrefixByGroup = new HashMap<>();

  public TeeRegistry(Collection<? extends EvidenceVerifierFactory> factories) {
    this.factories = List.copyOf(factories);
    for (EvidenceVerifierFactory f : this.factories) {
      EvidenceScheme s = f.scheme();
      claimName(s.name(), s.name());
      s.aliases().forEach(a -> claimName(a, s.name()));
      byName.put(s.name(), f);
      Map<String, ClaimMapping> table = new LinkedHashMap<>();
      for (ClaimMapping m : f.claimMappings()) {
        if (table.put(m.referenceValue(), m) != null) {
          throw new IllegalStateException(
              s.name() + " maps reference value " + m.referenceValue() + " twice");
        }
      }
      mappings.put(s.name(), table);
      f.pcrBank().ifPresent(bank -> addPcrBank(s.name(), bank));
    }
  }

  private void claimName(String sent, String name) {
    String previous = canonical.putIfAbsent(sent, name);
    if (previous != null) {
      throw new IllegalStateException(
          "two TEEs answer to the same name " + sent + ": " + previous + " and " + name);
    }
  }

  private void addPcrBank(String tee, PcrBank bank) {
    String previous = teeByPcrPrefix.putIfAbsent(bank.referenceValuePrefix(), tee);
    if (previous != null) {
      throw new IllegalStateException(
          "PCR prefix " + bank.referenceValuePrefix() + " used by " + previous + " and " + tee);
    }
    for (String group : bank.runbookGroups()) {
      if (pcrPrefixByGroup.putIfAbsent(group, bank.referenceValuePrefix()) != null) {
        throw new IllegalStateException("runbook group " + group + " claimed twice");
      }
    }
  }

  /** The factories registered with {@link ServiceLoader} on the class path of this module. */
  public static TeeRegistry installed() {
    return Installed.REGISTRY;
  }

  private static final class Installed {
    static final TeeRegistry REGISTRY = load();

    private static TeeRegistry load() {
      List<EvidenceVerifierFactory> found = new ArrayList<>();
      ServiceLoader.load(
              EvidenceVerifierFactory.class, EvidenceVerifierFactory.class.getClassLoader())
          .forEach(found::add);
      if (found.isEmpty()) {
        throw new IllegalStateException(
            "no " + EvidenceVerifierFactory.class.getName() + " registered in META-INF/services");
      }
      return new TeeRegistry(found);
    }
  }

  /** The factories, in registration order. */
  public List<EvidenceVerifierFactory> factories() {
    return factories;
  }

  /** Every TEE name (not the aliases). */
  public Set<String> names() {
    return Set.copyOf(byName.keySet());
  }

  /** The TEE name for a name or alias as a guest sends it (case-sensitive), if known. */
  public Optional<String> canonicalName(String sent) {
    return sent == null ? Optional.empty() : Optional.ofNullable(canonical.get(sent));
  }

  /** The factory of TEE {@code name} (not an alias). */
  public Optional<EvidenceVerifierFactory> factory(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The claim reference value {@code referenceValue} is compared with for {@code tee}: a PCR of the
   * TEE's bank ({@code <prefix>_pcrNN}, NN 00–23) or a row of its {@link
   * EvidenceVerifierFactory#claimMappings()}.
   */
  public Optional<ClaimMapping> claimMapping(String tee, String referenceValue) {
    Matcher pcr = PCR_NAME.matcher(referenceValue);
    Optional<PcrBank> bank = factory(tee).flatMap(EvidenceVerifierFactory::pcrBank);
    if (pcr.matches()
        && bank.isPresent()
        && bank.get().referenceValuePrefix().equals(pcr.group(1))) {
      if (Integer.parseInt(pcr.group(2)) >= PcrBank.SIZE) {
        return Optional.empty();
      }
      return Optional.of(
          ClaimMapping.measurement(referenceValue, bank.get().claimPrefix() + pcr.group(2)));
    }
    return Optional.ofNullable(mappings.getOrDefault(tee, Map.of()).get(referenceValue));
  }

  /** Every reference-value name mapped for {@code tee}: its table, then its 24 PCR names. */
  public List<String> referenceValueNames(String tee) {
    Set<String> out = new LinkedHashSet<>(mappings.getOrDefault(tee, Map.of()).keySet());
    factory(tee)
        .flatMap(EvidenceVerifierFactory::pcrBank)
        .ifPresent(
            bank -> {
              for (int i = 0; i < PcrBank.SIZE; i++) {
                out.add(bank.referenceValue(i));
              }
            });
    return List.copyOf(out);
  }

  /** The PCR reference-value prefix of runbook group {@code group}, if a TEE claims the group. */
  public Optional<String> pcrPrefixOfRunbookGroup(String group) {
    return Optional.ofNullable(pcrPrefixByGroup.get(group));
  }

  /**
   * A runbook group name whose {@code pcrs} get PCR prefix {@code prefix} (the TEE name when it is
   * one of the groups), if a TEE has that prefix.
   */
  public Optional<String> runbookGroupOfPcrPrefix(String prefix) {
    return Optional.ofNullable(teeByPcrPrefix.get(prefix))
        .flatMap(
            tee -> {
              Set<String> groups = byName.get(tee).pcrBank().orElseThrow().runbookGroups();
              return groups.contains(tee) ? Optional.of(tee) : groups.stream().sorted().findFirst();
            });
  }
}
