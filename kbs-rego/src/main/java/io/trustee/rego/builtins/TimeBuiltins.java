package io.trustee.rego.builtins;

import static io.trustee.rego.builtins.Builtins.reg;

import io.trustee.rego.ArrayValue;
import io.trustee.rego.NumberValue;
import io.trustee.rego.StringValue;
import io.trustee.rego.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;

/** {@code time.*}: instants are nanoseconds since the Unix epoch (int64), as in OPA. */
final class TimeBuiltins {
  private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);
  private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private TimeBuiltins() {}

  static void register(Map<String, Builtins.Entry> m) {
    reg(
        m,
        "time.now_ns",
        0,
        a -> {
          Instant now = Instant.now();
          return NumberValue.of(now.getEpochSecond() * 1_000_000_000L + now.getNano());
        });
    reg(m, "time.parse_rfc3339_ns", 1, a -> ns(parse("2006-01-02T15:04:05Z07:00", Args.str(a, 0))));
    reg(m, "time.parse_ns", 2, a -> ns(parse(Args.str(a, 0), Args.str(a, 1))));
    reg(m, "time.parse_duration_ns", 1, a -> NumberValue.of(duration(Args.str(a, 0))));
    reg(
        m,
        "time.date",
        1,
        a -> {
          ZonedDateTime t = time(a, 0);
          return ArrayValue.of(
              NumberValue.of(t.getYear()),
              NumberValue.of(t.getMonthValue()),
              NumberValue.of(t.getDayOfMonth()));
        });
    reg(
        m,
        "time.clock",
        1,
        a -> {
          ZonedDateTime t = time(a, 0);
          return ArrayValue.of(
              NumberValue.of(t.getHour()),
              NumberValue.of(t.getMinute()),
              NumberValue.of(t.getSecond()));
        });
    reg(
        m,
        "time.weekday",
        1,
        a ->
            StringValue.of(
                time(a, 0).getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH)));
    reg(
        m,
        "time.add_date",
        4,
        a -> {
          ZonedDateTime t = utc(toNs(Args.num(a, 0), 1));
          ZonedDateTime r =
              t.plusYears(Args.integer(a, 1))
                  .plusMonths(Args.integer(a, 2))
                  .plusDays(Args.integer(a, 3));
          return ns(r);
        });
    reg(
        m,
        "time.diff",
        2,
        a -> {
          ZonedDateTime t1 = time(a, 0);
          ZonedDateTime t2 = time(a, 1).withZoneSameInstant(t1.getZone());
          if (t1.isAfter(t2)) {
            ZonedDateTime x = t1;
            t1 = t2;
            t2 = x;
          }
          int year = t2.getYear() - t1.getYear();
          int month = t2.getMonthValue() - t1.getMonthValue();
          int day = t2.getDayOfMonth() - t1.getDayOfMonth();
          int hour = t2.getHour() - t1.getHour();
          int min = t2.getMinute() - t1.getMinute();
          int sec = t2.getSecond() - t1.getSecond();
          if (sec < 0) {
            sec += 60;
            min--;
          }
          if (min < 0) {
            min += 60;
            hour--;
          }
          if (hour < 0) {
            hour += 24;
            day--;
          }
          if (day < 0) {
            // Go's algorithm: borrow the number of days of t1's month.
            day += t1.toLocalDate().lengthOfMonth();
            month--;
          }
          if (month < 0) {
            month += 12;
            year--;
          }
          return ArrayValue.of(
              NumberValue.of(year),
              NumberValue.of(month),
              NumberValue.of(day),
              NumberValue.of(hour),
              NumberValue.of(min),
              NumberValue.of(sec));
        });
    reg(
        m,
        "time.format",
        1,
        a -> {
          String layout = "RFC3339Nano";
          if (a[0] instanceof ArrayValue arr && arr.size() == 3) {
            if (!(arr.get(2) instanceof StringValue ls)) {
              throw BuiltinException.type("operand 1 must be layout string");
            }
            layout = ls.value();
          }
          return StringValue.of(GoTime.format(time(a, 0), layout));
        });
  }

  private static ZonedDateTime parse(String layout, String value) {
    ZonedDateTime t;
    try {
      t = GoTime.parse(layout, value);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw BuiltinException.error(e.getMessage());
    }
    return t;
  }

  private static Value ns(ZonedDateTime t) {
    BigInteger n =
        BigInteger.valueOf(t.toEpochSecond())
            .multiply(BILLION)
            .add(BigInteger.valueOf(t.getNano()));
    if (n.compareTo(MIN) < 0 || n.compareTo(MAX) > 0) {
      throw BuiltinException.error("time outside of valid range");
    }
    return NumberValue.of(n.longValue());
  }

  private static long toNs(NumberValue n, int operand) {
    BigDecimal d = n.decimal();
    BigInteger bi = d.toBigInteger();
    if (bi.compareTo(MIN) < 0 || bi.compareTo(MAX) > 0) {
      throw BuiltinException.error("timestamp too big");
    }
    return bi.longValue();
  }

  private static ZonedDateTime utc(long ns) {
    return Instant.ofEpochSecond(
            Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L))
        .atZone(ZoneOffset.UTC);
  }

  /** Operand as {@code ns} or {@code [ns, tz]} / {@code [ns, tz, layout]}. */
  private static ZonedDateTime time(Value[] a, int i) {
    Value v = a[i];
    if (v instanceof NumberValue n) {
      return utc(toNs(n, i + 1));
    }
    if (v instanceof ArrayValue arr && arr.size() >= 2 && arr.get(0) instanceof NumberValue n) {
      if (!(arr.get(1) instanceof StringValue tz)) {
        throw BuiltinException.type("operand " + (i + 1) + " must be timezone string");
      }
      ZonedDateTime t = utc(toNs(n, i + 1));
      String z = tz.value();
      if (z.isEmpty() || z.equals("UTC")) {
        return t;
      }
      try {
        return t.withZoneSameInstant(z.equals("Local") ? ZoneId.systemDefault() : ZoneId.of(z));
      } catch (DateTimeException e) {
        throw BuiltinException.error("unknown time zone " + z);
      }
    }
    throw BuiltinException.type(i + 1, "either number (ns) or [number (ns), string (tz)]", v);
  }

  /** Go's {@code time.ParseDuration}. */
  static long duration(String s) {
    String orig = s;
    if (s.equals("0")) {
      return 0;
    }
    boolean neg = false;
    if (s.startsWith("-") || s.startsWith("+")) {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.isEmpty()) {
      throw BuiltinException.error("time: invalid duration \"" + orig + "\"");
    }
    BigDecimal total = BigDecimal.ZERO;
    int i = 0;

    while (i < s.length()) {
      int st = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (st == i) {
        throw BuiltinException.error("time: invalid duration \"" + orig + "\"");
      }
      BigDecimal num = new BigDecimal(s.substring(st, i));
      int us = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(us, i);
      long mult =
          switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default ->
                throw BuiltinException.error(
                    unit.isEmpty()
                        ? "time: missing unit in duration \"" + orig + "\""
                        : "time: unknown unit \"" + unit + "\" in duration \"" + orig + "\"");
          };
      total = total.add(num.multiply(BigDecimal.valueOf(mult)));
    }
    long r = total.setScale(0, java.math.RoundingMode.DOWN).longValue();
    return neg ? -r : r;
  }
}
