package app.ardoise.cluster.signin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The node as an OpenID Connect client (Nimbus oauth2-oidc-sdk): the authorization code flow with PKCE (S256),
 * the client authenticated with its secret, the ID token checked by IDTokenValidator (signature against the
 * provider's JWKS, issuer, audience, nonce, expiry). The provider is discovered at the first sign-in, not at
 * start, so a node starts while its provider is down; a failed discovery is tried again at the next sign-in.
 * Nimbus blocks on HTTP: every call to the provider runs on {@code blocking}, never on a route's thread.
 */
final class OidcClient {
    private static final int TIMEOUT_MS = 5_000;
    private static final Scope SCOPE = new Scope("openid", "profile", "email");

    private final Issuer issuer;
    private final ClientID clientId;
    private final Secret clientSecret;
    private final URI redirectUri;
    private final Executor blocking;
    private CompletableFuture<Provider> provider;

    /** What discovery found, and the validator built from it (which caches the provider's keys). */
    private record Provider(OIDCProviderMetadata metadata, IDTokenValidator validator) {}

    OidcClient(SignInSettings settings, URI redirectUri, Executor blocking) {
        this.issuer = new Issuer(settings.issuer());
        this.clientId = new ClientID(settings.clientId());
        this.clientSecret = new Secret(settings.clientSecret());
        this.redirectUri = redirectUri;
        this.blocking = blocking;
    }

    /** A new sign-in's secrets, each random: Nimbus's State, Nonce and CodeVerifier. */
    PendingSignIn newSignIn() {
        return new PendingSignIn(new State().getValue(), new Nonce().getValue(), new CodeVerifier().getValue());
    }

    /** Where to send the browser: the provider's authorization endpoint, with this sign-in's state, nonce and challenge. */
    CompletionStage<URI> authorizationUri(PendingSignIn pending) {
        return provider().thenApply(found -> new AuthenticationRequest.Builder(ResponseType.CODE, SCOPE, clientId, redirectUri)
                .endpointURI(found.metadata().getAuthorizationEndpointURI())
                .state(new State(pending.state()))
                .nonce(new Nonce(pending.nonce()))
                .codeChallenge(new CodeVerifier(pending.codeVerifier()), CodeChallengeMethod.S256)
                .build()
                .toURI());
    }

    /**
     * The teacher a callback's code stands for: the code redeemed at the token endpoint with the verifier, the
     * ID token validated.
     *
     * @return a stage failed with {@link SignInRefused} when the provider refuses or the ID token is not valid
     */
    CompletionStage<Teacher> redeem(String code, PendingSignIn pending) {
        return provider().thenApplyAsync(found -> teacher(validated(found, idToken(found, code, pending), pending)), blocking);
    }

    private static IDTokenClaimsSet validated(Provider found, JWT idToken, PendingSignIn pending) {
        try {
            return found.validator().validate(idToken, new Nonce(pending.nonce()));
        } catch (BadJOSEException e) {
            throw new SignInRefused("the ID token is not valid: " + e.getMessage(), false, e);
        } catch (JOSEException e) {
            // Mostly the provider's keys (JWKS) that could not be fetched.
            throw new SignInRefused("the ID token cannot be checked: " + e.getMessage(), true, e);
        }
    }

    private JWT idToken(Provider found, String code, PendingSignIn pending) {
        TokenRequest request = new TokenRequest(found.metadata().getTokenEndpointURI(),
                new ClientSecretBasic(clientId, clientSecret),
                new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, new CodeVerifier(pending.codeVerifier())));
        TokenResponse response;
        try {
            response = OIDCTokenResponseParser.parse(send(request.toHTTPRequest()));
        } catch (IOException e) {
            throw new SignInRefused("the sign-in provider cannot be reached: " + e.getMessage(), true, e);
        } catch (ParseException e) {
            throw new SignInRefused("the sign-in provider's token response cannot be read: " + e.getMessage(), true, e);
        }
        if (response instanceof TokenErrorResponse error) {
            // invalid_grant: a code already used (a replayed callback), expired, or redeemed with another verifier.
            throw new SignInRefused("the sign-in provider refused the code: " + error.getErrorObject().getCode(), false, null);
        }
        OIDCTokens tokens = response.toSuccessResponse().getTokens().toOIDCTokens();
        if (tokens.getIDToken() == null) {
            throw new SignInRefused("the sign-in provider sent no ID token", false, null);
        }
        return tokens.getIDToken();
    }

    private Teacher teacher(IDTokenClaimsSet claims) {
        String subject = claims.getSubject().getValue();
        String name = Optional.ofNullable(claims.getStringClaim("name"))
                .or(() -> Optional.ofNullable(claims.getStringClaim("preferred_username")))
                .orElse(subject);
        return new Teacher(subject, name, Optional.ofNullable(claims.getStringClaim("email")).orElse(""));
    }

    private static HTTPResponse send(HTTPRequest request) throws IOException {
        request.setConnectTimeout(TIMEOUT_MS);
        request.setReadTimeout(TIMEOUT_MS);
        return request.send();
    }

    private synchronized CompletableFuture<Provider> provider() {
        if (provider == null || provider.isCompletedExceptionally()) {
            provider = CompletableFuture.supplyAsync(this::discover, blocking);
        }
        return provider;
    }

    private Provider discover() {
        try {
            OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(issuer, TIMEOUT_MS, TIMEOUT_MS);
            IDTokenValidator validator = new IDTokenValidator(metadata.getIssuer(), clientId, JWSAlgorithm.RS256,
                    metadata.getJWKSetURI().toURL(), new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS));
            return new Provider(metadata, validator);
        } catch (IOException | GeneralException e) {
            throw new SignInRefused("the sign-in provider " + issuer + " cannot be reached: " + e.getMessage(), true, e);
        }
    }
}
