package dev.llmos.evolution;

import dev.llmos.volume.InvalidFieldException;

/** A parameter of an evolution request is missing or not acceptable. */
public class InvalidEvolutionRequestException extends InvalidFieldException {

    public InvalidEvolutionRequestException(String field, String message) {
        super(field, field + ": " + message);
    }
}
