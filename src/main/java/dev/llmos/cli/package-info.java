/**
 * The command line ({@code llmos serve}, {@code llmos skills ...}, {@code llmos bench}): thin
 * picocli faces over the same services the server uses.
 */
package dev.llmos.cli;
