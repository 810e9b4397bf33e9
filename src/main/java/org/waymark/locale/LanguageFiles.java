package org.waymark.locale;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Where a language's files are: a {@code dialogs/} folder on disk when it exists (a practice's own words), else the
 * copy packaged in the app. A language other than English is a folder named by its ISO 639-1 code
 * ({@code dialogs/bn/}) holding a {@code locale.yaml}; adding a language is adding such a folder.
 */
public final class LanguageFiles {
    /** The folder names that are language codes: two or three lower-case letters. */
    private static final Pattern CODE = Pattern.compile("[a-z]{2,3}");
    private static final String CLASSPATH = "dialogs/";

    private final Path dialogsDir;

    public LanguageFiles(Path dialogsDir) {
        this.dialogsDir = dialogsDir;
    }

    /** Where the files are read from (for messages that name a file). */
    public String describe(String code, String file) {
        Path p = path(code, file);
        return onDisk() ? p.toString() : "classpath:" + CLASSPATH + (code == null ? "" : code + "/") + file;
    }

    /** The codes of the languages beside the default one, sorted. */
    public Set<String> otherLanguages() {
        Set<String> codes = new TreeSet<>();
        if (onDisk()) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dialogsDir, Files::isDirectory)) {
                for (Path d : dirs) {
                    String name = d.getFileName().toString();
                    if (CODE.matcher(name).matches() && Files.isRegularFile(d.resolve(Locales.FILE))) {
                        codes.add(name);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dialogsDir, e);
            }
            return codes;
        }
        try {
            for (Resource r : new PathMatchingResourcePatternResolver(LanguageFiles.class.getClassLoader())
                    .getResources("classpath*:" + CLASSPATH + "*/" + Locales.FILE)) {
                String url = r.getURL().toString();
                String[] parts = url.split("/");
                if (parts.length >= 2 && CODE.matcher(parts[parts.length - 2]).matches()) {
                    codes.add(parts[parts.length - 2]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the packaged languages", e);
        }
        return codes;
    }

    /** A file of a language ({@code code} null for the default language's files at the top of dialogs/). */
    public Optional<String> read(String code, String file) {
        try {
            if (onDisk()) {
                Path p = path(code, file);
                return Files.isRegularFile(p) ? Optional.of(Files.readString(p, StandardCharsets.UTF_8))
                        : Optional.empty();
            }
            String name = CLASSPATH + (code == null ? "" : code + "/") + file;
            try (InputStream in = LanguageFiles.class.getClassLoader().getResourceAsStream(name)) {
                return in == null ? Optional.empty()
                        : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + describe(code, file), e);
        }
    }

    private boolean onDisk() {
        return Files.isDirectory(dialogsDir) && Files.isRegularFile(dialogsDir.resolve(Locales.FILE));
    }

    private Path path(String code, String file) {
        return code == null ? dialogsDir.resolve(file) : dialogsDir.resolve(code).resolve(file);
    }
}
