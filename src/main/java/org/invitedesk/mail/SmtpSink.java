package org.invitedesk.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local SMTP sink of the embedded default: a small SMTP server on loopback that keeps each
 * message it accepts as an {@code .eml} file in the outbox folder (or only counts them when the
 * folder is null). A {@link Behaviour} can make it answer like a real server in trouble (4xx,
 * 5xx, dropped connections), which the reliability tests use.
 */
public final class SmtpSink implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpSink.class);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    /** Decides replies. Return null to answer normally. */
    public interface Behaviour {
        /** reply to RCPT TO, e.g. "550 5.1.1 no such user"; "DROP" closes the connection */
        default String onRecipient(String address) { return null; }
        /** reply after the data ended; "DROP" closes the connection before replying */
        default String onData(String recipient, long messageNumber) { return null; }
        /** after this many accepted messages the connection is closed without a word, as some servers do; 0: never */
        default int messagesPerConnection() { return 0; }
        /** after answering DATA with 354 the connection is closed before the data is read, as a crashing server would */
        default boolean dropAfterDataCommand() { return false; }
        /** how long the server takes to answer each command, as a relay across a network would; 0: at once */
        default long replyDelayMicros() { return 0; }
    }

    public record Received(String recipient, String from, byte[] data) {
        public String text() { return new String(data, StandardCharsets.UTF_8); }
    }

    private final ServerSocket server;
    private final Path outbox;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "smtp-sink");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong counter = new AtomicLong();
    private final List<Received> kept = new CopyOnWriteArrayList<>();
    private final boolean keepInMemory;
    private volatile Behaviour behaviour = new Behaviour() { };
    private volatile boolean closed;

    public SmtpSink(int port, Path outbox, boolean keepInMemory) throws IOException {
        this.server = new ServerSocket(port, 200, InetAddress.getLoopbackAddress());
        this.outbox = outbox;
        this.keepInMemory = keepInMemory;
        if (outbox != null) Files.createDirectories(outbox);
        threads.submit(this::acceptLoop);
    }

    public int port() { return server.getLocalPort(); }

    public void behaviour(Behaviour b) { this.behaviour = b; }

    /** Messages accepted so far (one per recipient). */
    public long accepted() { return counter.get(); }

    public List<Received> received() { return List.copyOf(kept); }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                threads.submit(() -> session(s));
            } catch (IOException e) {
                if (!closed) LOG.warn("SMTP sink accept failed: {}", e.getMessage());
            }
        }
    }

    private void session(Socket socket) {
        // Buffered: reading the socket's own stream a byte at a time made a system call per byte,
        // which cost the sink about 1 ms of CPU per message (performance.md).
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
             OutputStream out = new BufferedOutputStream(socket.getOutputStream())) {
            socket.setSoTimeout(60_000);
            reply(out, "220 invite-desk-sink ESMTP ready");
            String from = null;
            List<String> rcpts = new java.util.ArrayList<>();
            int acceptedHere = 0;
            String line;
            while ((line = readLine(in)) != null) {
                String upper = line.toUpperCase(Locale.ROOT);
                if (upper.startsWith("EHLO")) {
                    out.write("250-invite-desk-sink\r\n250-8BITMIME\r\n250-PIPELINING\r\n250 SMTPUTF8\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } else if (upper.startsWith("HELO")) {
                    reply(out, "250 invite-desk-sink");
                } else if (upper.startsWith("MAIL FROM:")) {
                    from = address(line.substring(10));
                    rcpts.clear();
                    reply(out, "250 2.1.0 Ok");
                } else if (upper.startsWith("RCPT TO:")) {
                    String to = address(line.substring(8));
                    String r = behaviour.onRecipient(to);
                    if ("DROP".equals(r)) return;
                    if (r != null) { reply(out, r); continue; }
                    rcpts.add(to);
                    reply(out, "250 2.1.5 Ok");
                } else if (upper.equals("DATA")) {
                    if (rcpts.isEmpty()) { reply(out, "554 5.5.1 No valid recipients"); continue; }
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    if (behaviour.dropAfterDataCommand()) return;
                    byte[] data = readData(in);
                    if (data == null) return;
                    String r = behaviour.onData(rcpts.get(0), counter.get() + 1);
                    if ("DROP".equals(r)) return;
                    if (r != null) { reply(out, r); continue; }
                    for (String to : rcpts) keep(from, to, data);
                    reply(out, "250 2.0.0 Ok: queued");
                    int limit = behaviour.messagesPerConnection();
                    if (limit > 0 && ++acceptedHere >= limit) return;
                } else if (upper.equals("RSET")) {
                    from = null;
                    rcpts.clear();
                    reply(out, "250 2.0.0 Ok");
                } else if (upper.equals("NOOP")) {
                    reply(out, "250 2.0.0 Ok");
                } else if (upper.equals("QUIT")) {
                    reply(out, "221 2.0.0 Bye");
                    return;
                } else {
                    reply(out, "502 5.5.2 Command not recognized");
                }
            }
        } catch (IOException e) {
            LOG.debug("SMTP sink session ended: {}", e.getMessage());
        }
    }

    private void keep(String from, String to, byte[] data) throws IOException {
        long n = counter.incrementAndGet();
        if (keepInMemory) kept.add(new Received(to, from, data));
        if (outbox != null) {
            String safe = to.replaceAll("[^A-Za-z0-9@._-]", "_");
            Path f = outbox.resolve(LocalDateTime.now().format(NAME) + "-" + n + "-" + safe + ".eml");
            Files.write(f, data);
        }
    }

    private static String address(String s) {
        String t = s.trim();
        int lt = t.indexOf('<'), gt = t.indexOf('>');
        if (lt >= 0 && gt > lt) t = t.substring(lt + 1, gt);
        int sp = t.indexOf(' ');
        return sp > 0 ? t.substring(0, sp) : t;
    }

    private void reply(OutputStream out, String s) throws IOException {
        long delay = behaviour.replyDelayMicros();
        if (delay > 0) java.util.concurrent.locks.LockSupport.parkNanos(delay * 1000);
        out.write((s + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') break;
            if (c != '\r') b.write(c);
            if (b.size() > 10_000) throw new IOException("line too long");
        }
        if (c == -1 && b.size() == 0) return null;
        return b.toString(StandardCharsets.UTF_8);
    }

    private static byte[] readData(InputStream in) throws IOException {
        ByteArrayOutputStream msg = new ByteArrayOutputStream(4096);
        while (true) {
            String line = readLine(in);
            if (line == null) return null;
            if (line.equals(".")) return msg.toByteArray();
            if (line.startsWith("..")) line = line.substring(1);
            msg.write(line.getBytes(StandardCharsets.UTF_8));
            msg.write('\r');
            msg.write('\n');
            if (msg.size() > 50_000_000) throw new IOException("message too large");
        }
    }

    @Override
    public void close() {
        closed = true;
        try { server.close(); } catch (IOException ignored) { }
        threads.shutdownNow();
    }
}
