package org.waymark.safety;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * An OpenNLP model's zip written again without the time it was made: OpenNLP stamps its manifest with the training
 * time (a {@code Timestamp} and a comment line) and each entry with the time it was written, so the same lines
 * trained twice gave the same model in a file whose length, and every byte after it, differed. With the times fixed,
 * {@code nlu train} on unchanged lines leaves the risk nets' files as they were. Entries keep their order and their
 * bytes; OpenNLP reads the result as before.
 */
final class StableZip {

    /** DOS time's first day: the earliest a zip entry can say, and the same on every machine and time zone. */
    private static final LocalDateTime FIXED = LocalDateTime.of(1980, 1, 1, 0, 0);
    private static final String MANIFEST = "manifest.properties";

    private StableZip() {
    }

    static byte[] of(byte[] zip) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(zip.length);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
             ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] data = in.readAllBytes();
                if (entry.getName().equals(MANIFEST)) {
                    data = timeless(data);
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTimeLocal(FIXED);
                out.putNextEntry(copy);
                out.write(data);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The manifest without its comment lines (the date Properties.store writes) and with a timestamp of 0. */
    private static byte[] timeless(byte[] manifest) {
        StringBuilder out = new StringBuilder();
        for (String line : new String(manifest, StandardCharsets.ISO_8859_1).split("\n", -1)) {
            if (line.startsWith("#")) {
                continue;
            }
            out.append(line.startsWith("Timestamp=") ? "Timestamp=0" : line).append('\n');
        }
        // split keeps the text after the last newline: one newline too many when the manifest ended with one
        if (manifest.length > 0 && manifest[manifest.length - 1] == '\n') {
            out.setLength(out.length() - 1);
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
