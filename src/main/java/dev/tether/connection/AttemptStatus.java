package dev.tether.connection;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import com.fasterxml.jackson.annotation.JsonValue;

/** The life of a connection attempt: {@code pending → processing → succeeded | failed}, or {@code pending → abandoned}. */
public enum AttemptStatus {
    PENDING,
    PROCESSING,
    SUCCEEDED,
    FAILED,
    ABANDONED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AttemptStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(value)).findFirst();
    }

    /** Stores the lowercase wire name, which the table's check constraint lists. */
    @Converter(autoApply = true)
    public static class JpaConverter implements AttributeConverter<AttemptStatus, String> {

        @Override
        public String convertToDatabaseColumn(AttemptStatus status) {
            return status == null ? null : status.wireName();
        }

        @Override
        public AttemptStatus convertToEntityAttribute(String value) {
            return value == null ? null : AttemptStatus.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
