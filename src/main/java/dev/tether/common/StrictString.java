package dev.tether.common;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;

/**
 * A request field that must be a JSON string: a number, boolean, array or object there is a 400 naming the field
 * ({@link ErrorMapper}), where Jackson would otherwise turn {@code 42} or {@code true} into text. {@code null}
 * stays null. Use with {@code @JsonDeserialize(using = StrictString.class)} on a record component.
 */
public class StrictString extends StdScalarDeserializer<String> {

    public StrictString() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.hasToken(JsonToken.VALUE_STRING)) {
            return parser.getText();
        }
        return (String) context.handleUnexpectedToken(String.class, parser);
    }
}
