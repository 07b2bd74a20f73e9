package app.ardoise.cluster.signin;

/**
 * Who signed in, as the provider says: all a session keeps about a person.
 *
 * @param subject the provider's stable identifier (the ID token's {@code sub}); "dev:" and the name in dev mode
 * @param email empty when the provider gave none
 */
public record Teacher(String subject, String name, String email) {}
