package app.ardoise.cluster.support;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * A real OpenID provider for the sign-in tests: Spring Authorization Server on a free loopback port of the test
 * JVM, started once and shared by every test class (it takes seconds, a node's sign-in then milliseconds). It
 * has two users, who sign in with Spring Security's own login form (the same password), and the clients tests
 * register (PKCE required, authenticated with a secret, no consent page). Its ID tokens carry the user's name
 * and email.
 */
public final class TestProvider {
    public static final String USER = "marie.curie";
    public static final String PASSWORD = "radium-1898";
    public static final String NAME = "Marie Curie";
    public static final String EMAIL = "marie.curie@ac-paris.fr";
    /**
     * A second user, whose ID tokens this provider issues for another audience than the client that asked, as a
     * misconfigured or malicious provider might: the client must refuse them.
     */
    public static final String MISDIRECTED_USER = "paul.langevin";
    public static final String ELSEWHERE_AUDIENCE = "another-application";
    private static TestProvider shared;

    private final ConfigurableApplicationContext context;
    private final String issuer;
    private final long startMillis;

    /** On this loopback port (0: any free one). */
    TestProvider(int listenOn) {
        long start = System.nanoTime();
        // Spring Boot would otherwise reconfigure logback for the whole test JVM.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        this.context = new SpringApplicationBuilder(Beans.class)
                .web(WebApplicationType.SERVLET)
                .properties(Map.of("server.address", "127.0.0.1", "server.port", String.valueOf(listenOn), "spring.main.banner-mode", "off"))
                .run();
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.issuer = "http://127.0.0.1:" + port;
        this.startMillis = (System.nanoTime() - start) / 1_000_000;
    }

    public static synchronized TestProvider shared() {
        if (shared == null) {
            shared = new TestProvider(0);
            Runtime.getRuntime().addShutdownHook(new Thread(shared.context::close));
            System.out.println("the OpenID provider (Spring Authorization Server) started in " + shared.startMillis + " ms");
        }
        return shared;
    }

    void close() {
        context.close();
    }

    public String issuer() {
        return issuer;
    }

    /** A confidential client that must use PKCE, sent back to this one redirect URI. */
    public void register(String clientId, String secret, String redirectUri) {
        context.getBean(RegisteredClientRepository.class).save(RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(clientId)
                .clientSecret("{noop}" + secret)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(redirectUri)
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .scope(OidcScopes.EMAIL)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                .build());
    }

    /** Clients registered while the provider runs: Spring's in-memory repository wants them all at the start. */
    static final class Clients implements RegisteredClientRepository {
        private final Map<String, RegisteredClient> byId = new ConcurrentHashMap<>();

        @Override
        public void save(RegisteredClient client) {
            byId.put(client.getId(), client);
        }

        @Override
        public RegisteredClient findById(String id) {
            return byId.get(id);
        }

        @Override
        public RegisteredClient findByClientId(String clientId) {
            return byId.values().stream().filter(client -> client.getClientId().equals(clientId)).findFirst().orElse(null);
        }
    }

    /** The provider's beans. Cassandra's driver is on the test classpath: Spring Boot must not connect it. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration(excludeName = "org.springframework.boot.autoconfigure.cassandra.CassandraAutoConfiguration")
    public static class Beans {
        /** The authorization server's endpoints; a browser that is not signed in yet is sent to the login form. */
        @Bean
        @Order(1)
        SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
            OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
            http.securityMatcher(server.getEndpointsMatcher())
                    .with(server, configurer -> configurer.oidc(Customizer.withDefaults()))
                    .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .exceptionHandling(handling -> handling.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")));
            return http.build();
        }

        /** Everything else: Spring Security's login form. */
        @Bean
        @Order(2)
        SecurityFilterChain login(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated()).formLogin(Customizer.withDefaults());
            return http.build();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername(USER).password("{noop}" + PASSWORD).roles("TEACHER").build(),
                    User.withUsername(MISDIRECTED_USER).password("{noop}" + PASSWORD).roles("TEACHER").build());
        }

        @Bean
        RegisteredClientRepository clients() {
            return new Clients();
        }

        @Bean
        JWKSource<SecurityContext> keys() throws NoSuchAlgorithmException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                    .privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(UUID.randomUUID().toString())
                    .build();
            return new ImmutableJWKSet<>(new JWKSet(key));
        }

        @Bean
        JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
            return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
        }

        @Bean
        AuthorizationServerSettings serverSettings() {
            return AuthorizationServerSettings.builder().build();
        }

        /** The profile and email claims a school's provider would put in the ID token (and the misdirected audience). */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> idTokenClaims() {
            return context -> {
                if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                    context.getClaims().claim("name", NAME).claim("email", EMAIL);
                    if (MISDIRECTED_USER.equals(context.getPrincipal().getName())) {
                        context.getClaims().audience(List.of(ELSEWHERE_AUDIENCE));
                    }
                }
            };
        }
    }
}
