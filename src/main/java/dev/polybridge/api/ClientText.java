package dev.polybridge.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What of a message may go to a client. A server's absolute file paths (the model folder, a temporary file, the home
 * directory) say nothing a client can act on and tell an attacker how the server is laid out, so each is cut to its
 * last name: {@code /srv/polybridge/models/sst2/vocab.txt} becomes {@code vocab.txt}. The API's own paths
 * ({@code /v1/...}, {@code /q/...}) stay.
 */
final class ClientText {
    private static final Pattern ABSOLUTE_PATH =
            Pattern.compile("(?<![\\w.~-])/(?!v1/|q/)(?:[^\\s/'\"(),;:<>]+/)*([^\\s/'\"(),;:<>]+)");

    private ClientText() {}

    static String withoutPaths(String message) {
        if (message == null) return null;
        Matcher matcher = ABSOLUTE_PATH.matcher(message);
        return matcher.replaceAll(match -> Matcher.quoteReplacement(match.group(1)));
    }
}
