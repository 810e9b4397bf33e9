package org.waymark.directory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** UK postcodes to rough coordinates, by outward-code centroid (directory/uk-outcodes.csv). */
final class PostcodeGeography {
    private static final Pattern FULL = Pattern.compile("^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$");
    private static final Pattern OUTWARD = Pattern.compile("^[A-Z]{1,2}[0-9][A-Z0-9]?$");

    record Point(double lat, double lon) {
        double kmTo(Point o) {
            double dLat = Math.toRadians(o.lat - lat);
            double dLon = Math.toRadians(o.lon - lon);
            double a = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(Math.toRadians(lat))
                    * Math.cos(Math.toRadians(o.lat)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
            return 6371.0088 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
        }

        static boolean valid(double lat, double lon) {
            return lat >= -85 && lat <= 85 && lon >= -180 && lon <= 180;
        }
    }

    private final Map<String, Point> centroids;

    private PostcodeGeography(Map<String, Point> centroids) {
        this.centroids = centroids;
    }

    static PostcodeGeography fromClasspath() {
        try (InputStream in = PostcodeGeography.class.getResourceAsStream("/directory/uk-outcodes.csv")) {
            if (in == null) {
                throw new IllegalStateException("directory/uk-outcodes.csv is missing from the classpath");
            }
            Map<String, Point> map = new HashMap<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] p = line.split(",");
                if (p.length < 3 || p[0].equals("outcode")) {
                    continue;
                }
                try {
                    map.put(p[0].trim().toUpperCase(Locale.ROOT),
                            new Point(Double.parseDouble(p[1]), Double.parseDouble(p[2])));
                } catch (NumberFormatException ignored) {
                    // a row without coordinates places nothing
                }
            }
            return new PostcodeGeography(Map.copyOf(map));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "e16an" -> "E1 6AN", "n7" -> "N7"; empty unless the outward code is a known one. */
    Optional<String> normalise(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String compact = text.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
        Matcher full = FULL.matcher(compact);
        if (full.matches()) {
            return outward(full.group(1)).map(o -> full.group(1) + " " + full.group(2));
        }
        if (OUTWARD.matcher(compact).matches()) {
            return outward(compact).map(o -> compact);
        }
        return Optional.empty();
    }

    Optional<Point> locate(String postcode) {
        return normalise(postcode).flatMap(p -> outward(p.split(" ")[0])).map(centroids::get);
    }

    /** The known outward code for this one: itself, or its district without the sub-district letter (EC1X -> EC1). */
    private Optional<String> outward(String code) {
        if (centroids.containsKey(code)) {
            return Optional.of(code);
        }
        if (code.length() > 2 && Character.isLetter(code.charAt(code.length() - 1))) {
            String district = code.substring(0, code.length() - 1);
            if (centroids.containsKey(district)) {
                return Optional.of(district);
            }
        }
        return Optional.empty();
    }
}
