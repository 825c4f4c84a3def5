package dev.llmos.access;

/** Who a valid token says the caller is, and what it allows. */
public record Credential(String userId, Scope scope, String tokenId) {
}
