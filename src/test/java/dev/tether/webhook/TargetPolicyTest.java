package dev.tether.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tether.common.ApiException;

class TargetPolicyTest {

    private final TargetPolicy strict = new TargetPolicy(false);
    private final TargetPolicy permissive = new TargetPolicy(true);

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, loopback",
            "127.8.9.10, loopback",
            "::1, loopback",
            "0.0.0.0, unspecified",
            "::, unspecified",
            "10.1.2.3, private",
            "172.16.0.1, private",
            "172.31.255.255, private",
            "192.168.1.1, private",
            "fd12:3456::1, private",
            "169.254.10.10, link-local",
            "fe80::1, link-local",
            "169.254.169.254, cloud metadata",
            "fd00:ec2::254, cloud metadata",
            "168.63.129.16, cloud metadata",
            "100.100.100.200, cloud metadata",
            "100.64.0.1, shared (carrier-grade NAT)",
            "224.0.0.1, multicast",
            "255.255.255.255, reserved",
            "198.18.0.1, reserved",
            "::ffff:127.0.0.1, loopback",
            "::ffff:169.254.169.254, cloud metadata",
            "64:ff9b::a00:1, private",
            "2002:c0a8:101::1, private"
    })
    void nonPublicAddressesAreClassified(String address, String kind) throws Exception {
        assertThat(TargetPolicy.classify(InetAddress.getByName(address))).contains(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = { "93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111" })
    void publicAddressesPass(String address) throws Exception {
        assertThat(TargetPolicy.classify(InetAddress.getByName(address))).isEmpty();
        assertThat(strict.refusal(InetAddress.getByName(address))).isEmpty();
    }

    @Test
    void refusalNamesTheAddressUnlessPrivateTargetsAreAllowed() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");

        assertThat(strict.refusal(loopback))
                .contains("the webhook URL resolves to a loopback address (127.0.0.1), which is not allowed");
        assertThat(permissive.refusal(loopback)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1:8080/hook | url: loopback addresses are not allowed; webhooks must be sent to a public address",
            "http://[::1]/hook | url: loopback addresses are not allowed; webhooks must be sent to a public address",
            "http://169.254.169.254/latest/meta-data | url: cloud metadata addresses are not allowed; webhooks must be sent to a public address",
            "https://10.0.0.5/x | url: private addresses are not allowed; webhooks must be sent to a public address",
            "http://localhost:3000/x | url: localhost is an internal host name; webhooks must be sent to a public address",
            "http://app.localhost/x | url: app.localhost is an internal host name; webhooks must be sent to a public address",
            "http://metadata.google.internal/x | url: metadata.google.internal is an internal host name; webhooks must be sent to a public address",
            "ftp://hooks.example/x | url: must be an http or https URL",
            "https://hooks.example/x#frag | url: must not contain a fragment (#…)"
    })
    void subscriptionRefusesNonPublicTargets(String url, String message) {
        assertThatThrownBy(() -> strict.validateUrl("url", url)).isInstanceOf(ApiException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
    }

    @Test
    void subscriptionAcceptsPublicTargetsAndPrivateOnesWhenAllowed() {
        assertThat(strict.validateUrl("url", "https://hooks.example.com/tether?x=1")).isEqualTo("https://hooks.example.com/tether?x=1");
        assertThat(strict.validateUrl("url", "http://93.184.215.14/hook")).isEqualTo("http://93.184.215.14/hook");
        assertThat(permissive.validateUrl("url", "http://127.0.0.1:9000/hook")).isEqualTo("http://127.0.0.1:9000/hook");
    }

    @Test
    void literalNeverLooksUpNamesAndIgnoresMalformedAddresses() {
        assertThat(TargetPolicy.literal("hooks.example.com")).isEmpty();
        assertThat(TargetPolicy.literal("999.1.1.1")).isEmpty();
        assertThat(TargetPolicy.literal("[::g]")).isEmpty();
        assertThat(TargetPolicy.literal("[fd00:ec2::254]")).isPresent();
    }
}
