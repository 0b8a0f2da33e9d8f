package io.trustee.kbs.web.dto;

/** The error body of kbs-protocol.md §11: RFC 7807 style, {@code type} and {@code detail}. */
public record ErrorBody(String type, String detail) {}
