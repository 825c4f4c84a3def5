/**
 * Who is calling and what they may touch. {@link dev.llmos.access.Principal} names the caller;
 * {@link dev.llmos.access.AccessPolicy} is the one permission check every entry point uses.
 * In local mode (the default, loopback only) the caller is who the request says it is.
 */
package dev.llmos.access;
