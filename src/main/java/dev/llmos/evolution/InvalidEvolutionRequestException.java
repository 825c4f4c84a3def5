package dev.llmos.evolution;

/** A parameter of an evolution request is missing or not acceptable. */
public class InvalidEvolutionRequestException extends IllegalArgumentException {

    private final String field;

    public InvalidEvolutionRequestException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
