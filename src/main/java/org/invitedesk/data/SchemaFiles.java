package org.invitedesk.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The migration files this build carries: versioned ones ({@code db/migration/V…}) and
 * repeatable ones ({@code db/repeatable/R__…}, the current body of every trigger function). Their
 * fingerprint is what the start-up check compares with the database's, so a new or changed file
 * always reaches the database without anybody bumping a number by hand.
 */
public final class SchemaFiles {
    public static final String VERSIONED = "db/migration";
    public static final String REPEATABLE = "db/repeatable";

    private SchemaFiles() { }

    /** SHA-256 over every migration file's name and content, in name order. */
    public static String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String name : names()) {
                sha.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                try (InputStream in = SchemaFiles.class.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) throw new IllegalStateException("Migration file vanished: " + name);
                    sha.update(in.readAllBytes());
                }
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The newest versioned migration's number. */
    public static int newestVersion() {
        return names().stream().map(n -> n.substring(n.lastIndexOf('/') + 1)).filter(n -> n.matches("V\\d+__.*\\.sql"))
                .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max()
                .orElseThrow(() -> new IllegalStateException("No migrations under " + VERSIONED));
    }

    /** Every migration file as a class-path resource name, sorted. */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (String dir : List.of(VERSIONED, REPEATABLE)) out.addAll(list(dir));
        out.sort(null);
        return out;
    }

    private static List<String> list(String dir) {
        URL url = SchemaFiles.class.getClassLoader().getResource(dir);
        if (url == null) return List.of();
        List<String> out = new ArrayList<>();
        try {
            if ("jar".equals(url.getProtocol())) {
                JarURLConnection c = (JarURLConnection) url.openConnection();
                c.setUseCaches(false);
                try (JarFile jar = c.getJarFile()) {
                    for (JarEntry e : java.util.Collections.list(jar.entries())) {
                        String n = e.getName();
                        if (!e.isDirectory() && n.startsWith(dir + "/") && n.endsWith(".sql") && n.indexOf('/', dir.length() + 1) < 0) out.add(n);
                    }
                }
            } else {
                try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                    files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sql")).forEach(n -> out.add(dir + "/" + n));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + url, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
