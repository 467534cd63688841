package dev.tether.platform;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What the app wants to do with the account: publish ({@code posts}, always) and read analytics ({@code feeds}). */
public enum Permission {
    POSTS,
    FEEDS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Permission> fromWire(String value) {
        return Arrays.stream(values()).filter(p -> p.wireName().equals(value)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(Permission::wireName).toList();
    }
}
