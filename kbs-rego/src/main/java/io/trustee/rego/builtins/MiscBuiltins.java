package io.trustee.rego.builtins;

import static io.trustee.rego.builtins.Builtins.reg;

import io.trustee.rego.NumberValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@code units.*}, {@code crypto.*} hashes and HMACs, {@code semver.*}. */
final class MiscBuiltins {
  private MiscBuiltins() {}

  static void register(Map<String, Builtins.Entry> m) {
    reg(m, "units.parse_bytes", 1, a -> units(Args.str(a, 0), true));
    reg(m, "units.parse", 1, a -> units(Args.str(a, 0), false));
    for (String[] h : new String[][] {{"md5", "MD5"}, {"sha1", "SHA-1"}, {"sha256", "SHA-256"}}) {
      reg(m, "crypto." + h[0], 1, a -> StringValue.of(hash(h[1], Args.str(a, 0))));
    }
    for (String[] h :
        new String[][] {
          {"md5", "HmacMD5"},
          {"sha1", "HmacSHA1"},
          {"sha256", "HmacSHA256"},
          {"sha512", "HmacSHA512"}
        }) {
      reg(
          m,
          "crypto.hmac." + h[0],
          2,
          a -> StringValue.of(hmac(h[1], Args.str(a, 0), Args.str(a, 1))));
    }
    reg(
        m,
        "crypto.hmac.equal",
        2,
        a ->
            io.trustee.rego.BooleanValue.of(
                MessageDigest.isEqual(
                    Args.str(a, 0).getBytes(StandardCharsets.UTF_8),
                    Args.str(a, 1).getBytes(StandardCharsets.UTF_8))));
    SemverBuiltins.register(m);
  }

  private static String hash(String alg, String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance(alg).digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hmac(String alg, String msg, String key) {
    try {
      Mac mac = Mac.getInstance(alg);
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), alg));
      return HexFormat.of().formatHex(mac.doFinal(msg.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Largest decimal exponent accepted in a units string (beyond it numbers get huge). */
  private static final int MAX_UNITS_EXPONENT = 1000;

  private static Value units(String raw, boolean bytes) {
    String s = raw.replace("\"", "");
    if (s.contains(" ")) {
      throw BuiltinException.error("spaces not allowed in resource strings");
    }
    int i = numberPrefix(s);
    String num = s.substring(0, i);
    String unit = s.substring(i);
    if (num.isEmpty() || num.equals("-") || num.equals("+")) {
      throw BuiltinException.error(bytes ? "no byte amount provided" : "no amount provided");
    }
    BigDecimal n;
    try {
      n = new BigDecimal(num);
    } catch (NumberFormatException e) {
      throw BuiltinException.error(
          bytes ? "could not parse byte amount to a number" : "could not parse amount to a number");
    }
    int e = num.toLowerCase(Locale.ROOT).indexOf('e');
    if (e >= 0) {
      BigInteger exp = new BigInteger(num.substring(e + 1));
      if (exp.abs().compareTo(BigInteger.valueOf(MAX_UNITS_EXPONENT)) > 0) {
        throw BuiltinException.error("exponent too large");
      }
    }
    if (!bytes && !unit.equals("m") && !unit.equals("M")) {
      unit = unit.toLowerCase(Locale.ROOT);
    }
    String u = bytes ? unit.toLowerCase(Locale.ROOT) : unit;
    BigDecimal mult;
    if (bytes) {
      mult =
          switch (u) {
            case "", "b" -> BigDecimal.ONE;
            case "k", "kb" -> BigDecimal.TEN.pow(3);
            case "ki", "kib" -> BigDecimal.valueOf(2).pow(10);
            case "m", "mb" -> BigDecimal.TEN.pow(6);
            case "mi", "mib" -> BigDecimal.valueOf(2).pow(20);
            case "g", "gb" -> BigDecimal.TEN.pow(9);
            case "gi", "gib" -> BigDecimal.valueOf(2).pow(30);
            case "t", "tb" -> BigDecimal.TEN.pow(12);
            case "ti", "tib" -> BigDecimal.valueOf(2).pow(40);
            case "p", "pb" -> BigDecimal.TEN.pow(15);
            case "pi", "pib" -> BigDecimal.valueOf(2).pow(50);
            case "e", "eb" -> BigDecimal.TEN.pow(18);
            case "ei", "eib" -> BigDecimal.valueOf(2).pow(60);
            default -> throw BuiltinException.error("byte unit " + unit + " not recognized");
          };
      return NumberValue.of(n.multiply(mult).setScale(0, java.math.RoundingMode.DOWN));
    }
    mult =
        switch (u) {
          case "" -> BigDecimal.ONE;
          case "m" -> new BigDecimal("0.001");
          case "k" -> BigDecimal.TEN.pow(3);
          case "ki" -> BigDecimal.valueOf(2).pow(10);
          case "M" -> BigDecimal.TEN.pow(6);
          case "mi" -> BigDecimal.valueOf(2).pow(20);
          case "g" -> BigDecimal.TEN.pow(9);
          case "gi" -> BigDecimal.valueOf(2).pow(30);
          case "t" -> BigDecimal.TEN.pow(12);
          case "ti" -> BigDecimal.valueOf(2).pow(40);
          case "p" -> BigDecimal.TEN.pow(15);
          case "pi" -> BigDecimal.valueOf(2).pow(50);
          case "e" -> BigDecimal.TEN.pow(18);
          case "ei" -> BigDecimal.valueOf(2).pow(60);
          default -> throw BuiltinException.error("unit " + unit + " not recognized");
        };
    return NumberValue.of(n.multiply(mult));
  }

  /**
   * Length of the leading number: an optional sign, digits and dots, and an exponent ({@code e} or
   * {@code E}, optional sign, at least one digit).
   */
  private static int numberPrefix(String s) {
    int i = 0;
    if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      i++;
    }
    while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
      i++;
    }
    if (i > 0 && i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < s.length() && (s.charAt(j) == '-' || s.charAt(j) == '+')) {
        j++;
      }
      int digits = j;
      while (j < s.length() && Character.isDigit(s.charAt(j))) {
        j++;
      }
      if (j > digits) {
        i = j;
      }
    }
    return i;
  }
}
