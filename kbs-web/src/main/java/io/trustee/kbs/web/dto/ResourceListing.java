package io.trustee.kbs.web.dto;

import io.trustee.kbs.store.ResourceInfo;

/** One entry of the admin resource listing: the path and the last change, never the value. */
public record ResourceListing(String path, String updated) {
  public static ResourceListing of(ResourceInfo info) {
    return new ResourceListing(info.path().toString(), info.updatedAt().toString());
  }
}
