package app.ardoise.cluster.support;

import java.io.IOException;

/**
 * {@link TestProvider} in a process of its own, for the browser tests (web/app/e2e/provider.mjs), which run
 * {@code java -cp target/test-classes:<target/test-classpath.txt>} with the port, then the client's id, secret and
 * redirect URI. It prints one JSON line, the issuer and the user who signs in, once it serves; and stops when its
 * standard input closes, so that it never outlives the test run that started it.
 */
public final class ProviderMain {
    private ProviderMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: ProviderMain <port> <client id> <client secret> <redirect URI>");
            System.exit(2);
        }
        TestProvider provider = new TestProvider(Integer.parseInt(args[0]));
        provider.register(args[1], args[2], args[3]);
        System.out.printf("{\"issuer\":\"%s\",\"user\":\"%s\",\"password\":\"%s\",\"name\":\"%s\"}%n",
                provider.issuer(), TestProvider.USER, TestProvider.PASSWORD, TestProvider.NAME);
        System.out.flush();
        while (System.in.read() != -1) {
            // Nothing is read from the parent: only the end of its pipe counts.
        }
        provider.close();
        System.exit(0);
    }
}
