package io.trustee.kbs.store;

import java.time.Instant;

/** What the admin listing shows of a stored secret: its path and when it changed, no value. */
public record ResourceInfo(String path, Instant updatedAt) {}
