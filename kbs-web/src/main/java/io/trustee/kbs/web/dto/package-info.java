/**
 * Wire DTOs: Java records whose JSON form (written by {@code io.trustee.kbs.web.json.JacksonJson})
 * is exactly the member names of the KBS and AS protocols, in declaration order. They never reach
 * the persistence layer; resources map façade results to them.
 */
package io.trustee.kbs.web.dto;
