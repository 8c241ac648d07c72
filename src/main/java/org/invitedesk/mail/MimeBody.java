package org.invitedesk.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeUtility;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@code multipart/alternative} body (plain text, then HTML, both UTF-8) in its wire form,
 * lines ending in CRLF. Each part is {@code 7bit} when it is ASCII in lines of at most 998 bytes;
 * otherwise {@code quoted-printable} when most of its bytes are ASCII (Latin text with a few
 * accents stays readable), else {@code base64} (Cyrillic, CJK: a third smaller than
 * quoted-printable), as Jakarta Mail chooses; both through Jakarta Mail's own encoders.
 */
record MimeBody(String contentType, byte[] bytes) {
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);
    private static final byte[] CRLF = {'\r', '\n'};

    static MimeBody alternative(String text, String html) {
        // "=_" never occurs in quoted-printable text, and the random part keeps it out of 7-bit text.
        String boundary = "=_InviteDesk_" + SEQUENCE.incrementAndGet() + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        ByteArrayOutputStream out = new ByteArrayOutputStream(2 * (text.length() + html.length()) + 512);
        try {
            part(out, boundary, "text/plain", text);
            part(out, boundary, "text/html", html);
            ascii(out, "--" + boundary + "--\r\n");
        } catch (IOException | MessagingException e) {
            throw new UncheckedIOException(new IOException("cannot encode the message", e));
        }
        return new MimeBody("multipart/alternative; boundary=\"" + boundary + "\"", out.toByteArray());
    }

    /** An RFC 5322 date, e.g. "Wed, 2 Dec 2026 09:40:00 +0000". */
    static String date(ZonedDateTime at) {
        return DATE.format(at);
    }

    private static void part(ByteArrayOutputStream out, String boundary, String type, String content) throws IOException, MessagingException {
        byte[] raw = content.getBytes(StandardCharsets.UTF_8);
        String encoding = encoding(raw);
        ascii(out, "--" + boundary + "\r\nContent-Type: " + type + "; charset=UTF-8\r\nContent-Transfer-Encoding: "
                + encoding + "\r\n\r\n");
        if (encoding.equals("7bit")) {
            crlf(out, raw);
        } else {
            if (encoding.equals("base64")) raw = crlf(raw); // line breaks in the text are CRLF once decoded, as in quoted-printable
            OutputStream enc = MimeUtility.encode(new NoClose(out), encoding);
            enc.write(raw);
            enc.close(); // writes what the encoder held back (a trailing space, the last base64 group)
        }
        out.write(CRLF);
    }

    /** {@code 7bit}, {@code quoted-printable} or {@code base64} for these bytes (see the class comment). */
    static String encoding(byte[] raw) {
        if (sevenBit(raw)) return "7bit";
        int nonAscii = 0;
        for (byte b : raw) if (b <= 0) nonAscii++;
        return raw.length - nonAscii > nonAscii ? "quoted-printable" : "base64";
    }

    /** ASCII without NUL, every line at most 998 bytes (RFC 5322's limit). */
    static boolean sevenBit(byte[] raw) {
        int line = 0;
        for (byte b : raw) {
            if (b <= 0) return false; // NUL, or a byte above 127
            if (b == '\n' || b == '\r') line = 0;
            else if (++line > 998) return false;
        }
        return true;
    }

    private static byte[] crlf(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + raw.length / 16);
        crlf(out, raw);
        return out.toByteArray();
    }

    /** Writes {@code raw} with every line break (CR, LF or CRLF) as CRLF. */
    private static void crlf(ByteArrayOutputStream out, byte[] raw) {
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b != '\r' && b != '\n') continue;
            out.write(raw, start, i - start);
            out.write(CRLF, 0, 2);
            if (b == '\r' && i + 1 < raw.length && raw[i + 1] == '\n') i++;
            start = i + 1;
        }
        out.write(raw, start, raw.length - start);
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
    }

    /** The encoder's close must not close (or flush twice) the buffer it writes into. */
    private static final class NoClose extends java.io.FilterOutputStream {
        NoClose(OutputStream out) { super(out); }
        @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }
        @Override public void close() { }
    }
}
