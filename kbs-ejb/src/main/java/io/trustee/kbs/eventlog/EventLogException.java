package io.trustee.kbs.eventlog;

/**
 * The event log is empty, truncated, or not a TCG event log at all. The message names the record
 * and the field that failed. Thrown instead of any unchecked exception from the parser, so callers
 * can report a bad upload (4xx) without treating it as a malfunction.
 */
public final class EventLogException extends Exception {
  private static final long serialVersionUID = 1L;

  public EventLogException(String message) {
    super(message);
  }

  public EventLogException(String message, Throwable cause) {
    super(message, cause);
  }
}
