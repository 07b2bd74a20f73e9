package app.ardoise.cluster.documents;

import com.typesafe.config.Config;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Office documents (Word, PowerPoint, OpenDocument) turned into a PDF by LibreOffice, run headless once per
 * document, when the node has it: {@code ardoise.documents.office}. Without it, office files are refused
 * with a sentence saying so. Each run has a profile of its own in a fresh temporary directory, deleted after:
 * nothing one document leaves in LibreOffice's profile (settings, recovery files) reaches the next one, at the
 * price of LibreOffice's first-start cost every time.
 */
public final class OfficeConverter {
    private final String setting;
    private final Optional<Path> soffice;
    private final Duration timeout;

    private OfficeConverter(String setting, Optional<Path> soffice, Duration timeout) {
        this.setting = setting;
        this.soffice = soffice;
        this.timeout = timeout;
    }

    /** {@code converter}: "off", a path to soffice, or a name looked up on the search path ("soffice", the default). */
    public static OfficeConverter from(Config config) {
        Config office = config.getConfig("ardoise.documents.office");
        return of(office.getString("converter"), office.getString("search-path"), office.getDuration("timeout"));
    }

    /** @param searchPath directories separated as in PATH */
    public static OfficeConverter of(String converter, String searchPath, Duration timeout) {
        if (converter.isBlank() || converter.equals("off")) {
            return new OfficeConverter(converter, Optional.empty(), timeout);
        }
        Path named = Path.of(converter);
        if (named.isAbsolute() || converter.contains(File.separator)) {
            return new OfficeConverter(converter, Optional.of(named).filter(Files::isExecutable), timeout);
        }
        return new OfficeConverter(converter, Stream.of(searchPath.split(File.pathSeparator))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, converter))
                .filter(Files::isExecutable)
                .findFirst(), timeout);
    }

    public boolean available() {
        return soffice.isPresent();
    }

    /** The executable found, or the setting that found none: for the node's start-up log. */
    public String describe() {
        return soffice.map(Path::toString).orElse(setting);
    }

    /** The document as a PDF, or why not. */
    byte[] toPdf(byte[] document) throws DocumentRefused {
        Path soffice = this.soffice.orElseThrow(() -> new DocumentRefused("office_unsupported", "this server cannot "
                + "convert office documents (LibreOffice is not installed on it): export the document as PDF and upload that"));
        Path work = null;
        try {
            work = Files.createTempDirectory("ardoise-office-");
            Path input = Files.write(work.resolve("document"), document);
            Path output = Files.createDirectory(work.resolve("pdf"));
            Process process = new ProcessBuilder(List.of(soffice.toString(), "--headless", "--norestore", "--nolockcheck",
                    "--nologo", "--nodefault", "-env:UserInstallation=" + work.resolve("profile").toUri(),
                    "--convert-to", "pdf", "--outdir", output.toString(), input.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("soffice.log").toFile())
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new DocumentRefused("office_too_slow", "this document takes more than " + timeout.toSeconds()
                        + " s to convert: export it as PDF and upload that");
            }
            Path pdf = output.resolve("document.pdf");
            if (process.exitValue() != 0 || !Files.isRegularFile(pdf) || Files.size(pdf) == 0) {
                throw new DocumentRefused("unreadable", "this office document cannot be read (it is damaged, protected "
                        + "by a password, or of a kind LibreOffice does not know): export it as PDF and upload that");
            }
            return Files.readAllBytes(pdf);
        } catch (IOException e) {
            throw new DocumentRefused("office_failed", "LibreOffice could not be run on this server: export the document as PDF and upload that", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DocumentRefused("interrupted", "the node is stopping: upload the document again", e);
        } finally {
            deleteQuietly(work);
        }
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // The temporary directory's own cleaning (a restart, tmpfiles) gets what is left.
        }
    }
}
