/**
 * Wire DTOs: Java records whose JSON-B form is exactly the member names of the KBS and AS
 * protocols. They never reach the persistence layer; resources map them to domain values.
 */
package io.trustee.kbs.web.dto;
