package dev.tether.platform;

/**
 * A platform refused or failed a step of the connection. The message is what the user's app sees in the
 * redirect's {@code error}: short, specific, and free of tokens, codes and secrets.
 */
public class PlatformException extends RuntimeException {

    public PlatformException(String message) {
        super(message, null, false, false);
    }
}
