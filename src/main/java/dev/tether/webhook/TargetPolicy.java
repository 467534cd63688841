package dev.tether.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.tether.common.ApiException;
import dev.tether.common.UrlRules;

/**
 * Where webhooks may be sent. A URL is checked when it is subscribed (scheme, host, and the host itself when it
 * is an address or a well-known internal name) and again at every delivery against the addresses its host
 * resolves to, so a name that later points inside the network is refused too. Loopback, private, link-local,
 * shared, reserved and cloud metadata addresses are refused unless {@code tether.webhooks.allow-private-targets}
 * is on.
 */
public final class TargetPolicy {

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Set<String> INTERNAL_NAMES = Set.of("localhost", "metadata", "metadata.google.internal",
            "metadata.goog", "instance-data", "instance-data.ec2.internal");
    /** Cloud metadata and host services outside the ranges below (Azure's wire server is a public address). */
    private static final Set<String> METADATA_ADDRESSES = Set.of("169.254.169.254", "169.254.170.2",
            "168.63.129.16", "100.100.100.200", "fd00:ec2:0:0:0:0:0:254");

    private final boolean allowPrivate;

    public TargetPolicy(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    public boolean allowsPrivate() {
        return allowPrivate;
    }

    /** Subscription-time check; answers a 400 naming {@code field} and the reason. */
    public String validateUrl(String field, String value) {
        UrlRules.http(field, value);
        URI uri = URI.create(value);
        if (uri.getRawUserInfo() != null) {
            throw ApiException.badRequest(field + ": must not contain user credentials");
        }
        if (uri.getRawFragment() != null) {
            throw ApiException.badRequest(field + ": must not contain a fragment (#…)");
        }
        if (allowPrivate) {
            return value;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (INTERNAL_NAMES.contains(host) || host.endsWith(".localhost")) {
            throw ApiException.badRequest(field + ": " + host + " is an internal host name; webhooks must be sent "
                    + "to a public address");
        }
        literal(host).flatMap(TargetPolicy::classify).ifPresent(kind -> {
            throw ApiException.badRequest(field + ": " + kind + " addresses are not allowed; webhooks must be sent "
                    + "to a public address");
        });
        return value;
    }

    /** Delivery-time check of one resolved address: the reason it is refused, or empty when it may be used. */
    public Optional<String> refusal(InetAddress address) {
        if (allowPrivate) {
            return Optional.empty();
        }
        return classify(address).map(kind -> "the webhook URL resolves to a " + kind + " address ("
                + address.getHostAddress() + "), which is not allowed");
    }

    /** The kind of non-public address, or empty for a public one. */
    static Optional<String> classify(InetAddress address) {
        if (METADATA_ADDRESSES.contains(address.getHostAddress())) {
            return Optional.of("cloud metadata");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return classifyV4(b);
        }
        if (address instanceof Inet6Address) {
            return classifyV6(b);
        }
        return Optional.empty();
    }

    private static Optional<String> classifyV4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0) {
            return Optional.of("unspecified");
        }
        if (first == 100 && (second & 0xc0) == 64) { // 100.64.0.0/10
            return Optional.of("shared (carrier-grade NAT)");
        }
        if (first == 192 && second == 0 && (b[2] & 0xff) == 0) { // 192.0.0.0/24
            return Optional.of("reserved");
        }
        if (first == 198 && (second & 0xfe) == 18) { // 198.18.0.0/15
            return Optional.of("reserved");
        }
        if (first >= 240) { // 240.0.0.0/4 and the broadcast address
            return Optional.of("reserved");
        }
        return Optional.empty();
    }

    private static Optional<String> classifyV6(byte[] b) {
        if ((b[0] & 0xfe) == 0xfc) { // fc00::/7 unique local
            return Optional.of("private");
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) { // fec0::/10 deprecated site-local
            return Optional.of("private");
        }
        // IPv4 embedded in IPv6: IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
        if (allZero(b, 0, 12)) {
            return embedded(b, 12);
        }
        if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && allZero(b, 4, 12)) {
            return embedded(b, 12);
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return embedded(b, 2);
        }
        return Optional.empty();
    }

    private static Optional<String> embedded(byte[] b, int offset) {
        try {
            byte[] v4 = new byte[] { b[offset], b[offset + 1], b[offset + 2], b[offset + 3] };
            return classify(InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The address a host names literally (never looked up in DNS), if it is one. */
    static Optional<InetAddress> literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            if (IPV4_LITERAL.matcher(bare).matches()) {
                String[] parts = bare.split("\\.");
                byte[] octets = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int value = Integer.parseInt(parts[i]);
                    if (value > 255) {
                        return Optional.empty();
                    }
                    octets[i] = (byte) value;
                }
                return Optional.of(InetAddress.getByAddress(octets));
            }
            if (bare.contains(":")) {
                return Optional.of(InetAddress.getByName("[" + bare + "]")); // bracketed: parsed as IPv6 or refused
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
