package io.trustee.rego.builtins;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;

/**
 * Go reference-time layouts ({@code "2006-01-02T15:04:05Z07:00"}) for formatting and parsing, as
 * Go's {@code time} package reads them. Over 300 lines because it implements both directions
 * (format and parse) of the same token table. Stateless and thread-safe.
 */
final class GoTime {
  static final Map<String, String> NAMED =
      Map.ofEntries(
          Map.entry("ANSIC", "Mon Jan _2 15:04:05 2006"),
          Map.entry("UnixDate", "Mon Jan _2 15:04:05 MST 2006"),
          Map.entry("RubyDate", "Mon Jan 02 15:04:05 -0700 2006"),
          Map.entry("RFC822", "02 Jan 06 15:04 MST"),
          Map.entry("RFC822Z", "02 Jan 06 15:04 -0700"),
          Map.entry("RFC850", "Monday, 02-Jan-06 15:04:05 MST"),
          Map.entry("RFC1123", "Mon, 02 Jan 2006 15:04:05 MST"),
          Map.entry("RFC1123Z", "Mon, 02 Jan 2006 15:04:05 -0700"),
          Map.entry("RFC3339", "2006-01-02T15:04:05Z07:00"),
          Map.entry("RFC3339Nano", "2006-01-02T15:04:05.999999999Z07:00"),
          Map.entry("Kitchen", "3:04PM"),
          Map.entry("Stamp", "Jan _2 15:04:05"),
          Map.entry("StampMilli", "Jan _2 15:04:05.000"),
          Map.entry("StampMicro", "Jan _2 15:04:05.000000"),
          Map.entry("StampNano", "Jan _2 15:04:05.000000000"),
          Map.entry("DateTime", "2006-01-02 15:04:05"),
          Map.entry("DateOnly", "2006-01-02"),
          Map.entry("TimeOnly", "15:04:05"));

  private static final String[] TOKENS = {
    "January", "Jan", "Monday", "Mon", "MST", "2006", "002", "01", "02", "03", "04", "05", "06",
    "_2", "15", "1", "2", "3", "4", "5", "PM", "pm", "-07:00:00", "-070000", "-07:00", "-0700",
    "-07", "Z07:00:00", "Z070000", "Z07:00", "Z0700", "Z07"
  };

  private GoTime() {}

  static String layout(String l) {
    return NAMED.getOrDefault(l, l);
  }

  /** The token at position i of the layout, or null if a literal character. */
  private static String token(String l, int i) {
    if ((l.charAt(i) == '.' || l.charAt(i) == ',')
        && i + 1 < l.length()
        && (l.charAt(i + 1) == '0' || l.charAt(i + 1) == '9')) {
      char d = l.charAt(i + 1);
      int j = i + 1;
      while (j < l.length() && l.charAt(j) == d) {
        j++;
      }
      if (j == l.length() || !Character.isDigit(l.charAt(j))) {
        return l.substring(i, j);
      }
    }
    for (String t : TOKENS) {
      if (l.startsWith(t, i)) {
        if (t.equals("Jan") || t.equals("Mon")) {
          // "January"/"Monday" are tried first; avoid matching the "Jan" in "January".
          return t;
        }
        return t;
      }
    }
    return null;
  }

  static String format(ZonedDateTime t, String layout) {
    String l = layout(layout);
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < l.length()) {
      String tok = token(l, i);
      if (tok == null) {
        sb.append(l.charAt(i++));
        continue;
      }
      i += tok.length();
      int h12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
      int off = t.getOffset().getTotalSeconds();
      switch (tok) {
        case "January" -> sb.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        case "Jan" -> sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        case "Monday" -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        case "Mon" -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        case "MST" -> sb.append(zoneAbbrev(t));
        case "2006" -> sb.append(String.format("%04d", t.getYear()));
        case "06" -> sb.append(String.format("%02d", t.getYear() % 100));
        case "002" -> sb.append(String.format("%03d", t.getDayOfYear()));
        case "01" -> sb.append(String.format("%02d", t.getMonthValue()));
        case "1" -> sb.append(t.getMonthValue());
        case "02" -> sb.append(String.format("%02d", t.getDayOfMonth()));
        case "_2" -> sb.append(String.format("%2d", t.getDayOfMonth()));
        case "2" -> sb.append(t.getDayOfMonth());
        case "15" -> sb.append(String.format("%02d", t.getHour()));
        case "03" -> sb.append(String.format("%02d", h12));
        case "3" -> sb.append(h12);
        case "04" -> sb.append(String.format("%02d", t.getMinute()));
        case "4" -> sb.append(t.getMinute());
        case "05" -> sb.append(String.format("%02d", t.getSecond()));
        case "5" -> sb.append(t.getSecond());
        case "PM" -> sb.append(t.getHour() >= 12 ? "PM" : "AM");
        case "pm" -> sb.append(t.getHour() >= 12 ? "pm" : "am");
        default -> {
          if (tok.startsWith("Z") && off == 0) {
            sb.append('Z');
          } else if (tok.startsWith("Z") || tok.startsWith("-")) {
            String body = tok.substring(1);
            int a = Math.abs(off);
            sb.append(off < 0 ? '-' : '+');
            sb.append(String.format("%02d", a / 3600));
            if (body.length() > 2) {
              if (body.contains(":")) {
                sb.append(':');
              }
              sb.append(String.format("%02d", (a / 60) % 60));
            }
            if (body.length() > 5) {
              if (body.contains(":")) {
                sb.append(':');
              }
              sb.append(String.format("%02d", a % 60));
            }
          } else {
            // fractional seconds
            int digits = tok.length() - 1;
            String frac = String.format("%09d", t.getNano()).substring(0, Math.min(9, digits));
            if (tok.charAt(1) == '9') {
              frac = String.format("%09d", t.getNano()).substring(0, digits);
              int e = frac.length();
              while (e > 0 && frac.charAt(e - 1) == '0') {
                e--;
              }
              frac = frac.substring(0, e);
              if (!frac.isEmpty()) {
                sb.append(tok.charAt(0)).append(frac);
              }
            } else {
              sb.append(tok.charAt(0)).append(frac);
            }
          }
        }
      }
    }
    return sb.toString();
  }

  private static String zoneAbbrev(ZonedDateTime t) {
    if (t.getZone() instanceof ZoneOffset o) {
      if (o.getTotalSeconds() == 0) {
        return "UTC";
      }
      return format(t, "-0700");
    }
    return t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
  }

  /** Parses a value with a Go layout; throws IllegalArgumentException when it does not fit. */
  static ZonedDateTime parse(String layout, String v) {
    String l = layout(layout);
    int year = 1;
    int month = 1;
    int day = 1;
    int hour = 0;
    int min = 0;
    int sec = 0;
    int nano = 0;
    int yday = -1;
    boolean pm = false;
    boolean ampm = false;
    ZoneId zone = ZoneOffset.UTC;
    int i = 0;
    int p = 0;
    while (i < l.length()) {
      String tok = token(l, i);
      if (tok == null) {
        if (p >= v.length() || v.charAt(p) != l.charAt(i)) {
          throw new IllegalArgumentException(
              "parsing time \"" + v + "\" as \"" + l + "\": cannot parse");
        }
        i++;
        p++;
        continue;
      }
      i += tok.length();
      switch (tok) {
        case "January", "Jan", "Monday", "Mon" -> {
          boolean isMonth = tok.startsWith("J");
          boolean full = tok.length() > 3;
          int found = -1;
          int len = 0;
          for (int k = 1; k <= (isMonth ? 12 : 7) && found < 0; k++) {
            String name =
                isMonth
                    ? Month.of(k)
                        .getDisplayName(full ? TextStyle.FULL : TextStyle.SHORT, Locale.ENGLISH)
                    : DayOfWeek.of(k)
                        .getDisplayName(full ? TextStyle.FULL : TextStyle.SHORT, Locale.ENGLISH);
            if (v.regionMatches(true, p, name, 0, name.length())) {
              found = k;
              len = name.length();
            }
          }
          if (found < 0) {
            throw new IllegalArgumentException("cannot parse " + tok);
          }
          if (isMonth) {
            month = found;
          }
          p += len;
        }
        case "MST" -> {
          int s = p;
          while (p < v.length() && Character.isUpperCase(v.charAt(p))) {
            p++;
          }
          String z = v.substring(s, p);
          if (z.equals("UTC") || z.equals("GMT")) {
            zone = ZoneOffset.UTC;
          }
        }
        case "2006" -> {
          year = Integer.parseInt(take(v, p, 4));
          p += 4;
        }
        case "06" -> {
          int y = Integer.parseInt(take(v, p, 2));
          year = y >= 69 ? 1900 + y : 2000 + y;
          p += 2;
        }
        case "002" -> {
          yday = Integer.parseInt(take(v, p, 3));
          p += 3;
        }
        case "01", "02", "03", "04", "05", "15" -> {
          int n = Integer.parseInt(take(v, p, 2));
          p += 2;
          switch (tok) {
            case "01" -> month = n;
            case "02" -> day = n;
            case "03" -> hour = n;
            case "04" -> min = n;
            case "05" -> sec = n;
            default -> hour = n;
          }
          if (tok.equals("05")) {
            int[] r = fraction(v, p);
            if (r != null && !nextIsFrac(l, i)) {
              nano = r[0];
              p = r[1];
            }
          }
        }
        case "_2", "1", "2", "3", "4", "5" -> {
          if (tok.equals("_2") && p < v.length() && v.charAt(p) == ' ') {
            p++;
          }
          int s = p;
          while (p < v.length() && p - s < 2 && Character.isDigit(v.charAt(p))) {
            p++;
          }
          if (s == p) {
            throw new IllegalArgumentException("cannot parse number");
          }
          int n = Integer.parseInt(v.substring(s, p));
          switch (tok) {
            case "1" -> month = n;
            case "_2", "2" -> day = n;
            case "3" -> hour = n;
            case "4" -> min = n;
            default -> {
              sec = n;
              int[] r = fraction(v, p);
              if (r != null && !nextIsFrac(l, i)) {
                nano = r[0];
                p = r[1];
              }
            }
          }
        }
        case "PM", "pm" -> {
          String s = take(v, p, 2).toUpperCase(Locale.ROOT);
          ampm = true;
          pm = s.equals("PM");
          p += 2;
        }
        default -> {
          if (tok.startsWith("Z") && p < v.length() && v.charAt(p) == 'Z') {
            p++;
            zone = ZoneOffset.UTC;
          } else if (tok.startsWith("Z") || tok.startsWith("-")) {
            char sign = p < v.length() ? v.charAt(p) : '?';
            if (sign != '+' && sign != '-') {
              throw new IllegalArgumentException("cannot parse zone");
            }
            p++;
            int hh = Integer.parseInt(take(v, p, 2));
            p += 2;
            int mm = 0;
            int ss = 0;
            String body = tok.substring(1);
            if (body.length() > 2) {
              if (body.contains(":")) {
                p++;
              }
              mm = Integer.parseInt(take(v, p, 2));
              p += 2;
            }
            if (body.length() > 5) {
              if (body.contains(":")) {
                p++;
              }
              ss = Integer.parseInt(take(v, p, 2));
              p += 2;
            }
            int total = hh * 3600 + mm * 60 + ss;
            zone = ZoneOffset.ofTotalSeconds(sign == '-' ? -total : total);
          } else {
            int[] r = fraction(v, p);
            if (r == null) {
              if (tok.charAt(1) == '0') {
                throw new IllegalArgumentException("cannot parse fraction");
              }
            } else {
              nano = r[0];
              p = r[1];
            }
          }
        }
      }
    }
    if (p != v.length()) {
      throw new IllegalArgumentException("parsing time \"" + v + "\": extra text");
    }
    if (ampm) {
      if (hour == 12) {
        hour = 0;
      }
      if (pm) {
        hour += 12;
      }
    }
    LocalDate date = yday > 0 ? LocalDate.ofYearDay(year, yday) : LocalDate.of(year, month, day);
    return ZonedDateTime.of(LocalDateTime.of(date, LocalTime.of(hour, min, sec, nano)), zone);
  }

  private static boolean nextIsFrac(String l, int i) {
    return i < l.length() && (l.charAt(i) == '.' || l.charAt(i) == ',');
  }

  private static int[] fraction(String v, int p) {
    if (p < v.length()
        && (v.charAt(p) == '.' || v.charAt(p) == ',')
        && p + 1 < v.length()
        && Character.isDigit(v.charAt(p + 1))) {
      int s = p + 1;
      int e = s;
      while (e < v.length() && Character.isDigit(v.charAt(e))) {
        e++;
      }
      String digits = (v.substring(s, e) + "000000000").substring(0, 9);
      return new int[] {Integer.parseInt(digits), e};
    }
    return null;
  }

  private static String take(String v, int p, int n) {
    if (p + n > v.length()) {
      throw new IllegalArgumentException("value too short");
    }
    String s = v.substring(p, p + n);
    return s;
  }
}
