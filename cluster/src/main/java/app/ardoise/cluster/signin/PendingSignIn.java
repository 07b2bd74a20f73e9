package app.ardoise.cluster.signin;

/**
 * A sign-in between the redirect to the provider and its callback: the state that ties the callback to it,
 * the nonce the ID token must carry, and the PKCE verifier that proves the code is redeemed by who asked.
 */
record PendingSignIn(String state, String nonce, String codeVerifier) {}
