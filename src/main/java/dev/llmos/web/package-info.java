/**
 * The HTTP face: controllers translate HTTP to service calls and back, and nothing else. Errors
 * are rendered in one place ({@code ProblemHandler}) as RFC 9457 problem+json.
 */
package dev.llmos.web;
