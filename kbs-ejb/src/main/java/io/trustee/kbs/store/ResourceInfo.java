package io.trustee.kbs.store;

import io.trustee.kbs.resource.ResourcePath;
import java.time.Instant;

/** What the admin listing shows of a stored secret: its path and when it changed, no value. */
public record ResourceInfo(ResourcePath path, Instant updatedAt) {}
