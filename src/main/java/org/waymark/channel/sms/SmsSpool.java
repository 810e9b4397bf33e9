package org.waymark.channel.sms;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Inbound SMS this node could not process because Redis was unreachable, kept on its own disk until Redis is back:
 * one JSON line per message, appended and fsync'd before Twilio gets its 200, so a text survives an outage of any
 * length and a restart of the node. Lines are replayed oldest first ({@link SmsSpoolReplay}); when all are done the
 * file is deleted. The file holds patients' numbers and words, so it is readable by this process's user only.
 *
 * <p>A spool belongs to one node: the first to need it takes a lock on {@code sms-spool.lock} and keeps it until it
 * stops, so a second node started on the same data directory cannot append to, replay or delete the first's texts
 * (it answers Twilio 503 instead, and says why).
 */
final class SmsSpool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SmsSpool.class);
    static final String FILE = "sms-spool.jsonl";
    static final String REJECTED = "sms-spool-rejected.jsonl";
    static final String LOCK = "sms-spool.lock";
    /** Lines read at a time. */
    static final int BATCH = 100;

    private final Path file;
    private final Path rejected;
    private final Path lockFile;
    private final ObjectMapper json;
    private FileChannel lockChannel;
    private FileLock lock;
    /** Bytes of whole lines in the file. */
    private long size;
    /** Bytes, from the start, of the lines already replayed. */
    private long done;

    /** One kept message; {@code end} is the file offset just after its line. */
    record Entry(SmsInbound.Sms sms, Instant receivedAt, long end) {
    }

    private record Line(String sid, String from, String to, String body, int media, Instant at) {
    }

    SmsSpool(Path dir, ObjectMapper json) {
        Path d = dir.toAbsolutePath().normalize();
        this.file = d.resolve(FILE);
        this.rejected = d.resolve(REJECTED);
        this.lockFile = d.resolve(LOCK);
        this.json = json;
        if (Files.exists(file)) {
            try {
                own();
            } catch (IOException e) {
                log.error("SMS spool {} is left to the node that holds it: {}", file, e.getMessage());
            }
        }
    }

    /** Takes this node's lock on the spool (once), then counts the whole lines already in it. */
    private void own() throws IOException {
        if (lock != null) {
            return;
        }
        Files.createDirectories(lockFile.getParent());
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock taken;
        try {
            taken = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            taken = null;
        }
        if (taken == null) {
            ch.close();
            throw new IOException("another Waymark node uses the SMS spool in " + lockFile.getParent()
                    + "; give each node its own WAYMARK_DATA_DIR");
        }
        lockChannel = ch;
        lock = taken;
        size = repair();
        done = 0;
        if (size > 0) {
            log.warn("SMS spool {} holds texts from before: they are answered once Redis answers", file);
        }
    }

    /** Keeps the message behind others still waiting, so a patient's texts are answered in order; false if none. */
    synchronized boolean holdIfBehind(SmsInbound.Sms sms) throws IOException {
        if (size <= done) {
            return false;
        }
        append(file, sms, Instant.now());
        return true;
    }

    /** Keeps the message until Redis is back; on return it is on disk. */
    synchronized void hold(SmsInbound.Sms sms) throws IOException {
        own();
        append(file, sms, Instant.now());
    }

    synchronized boolean pending() {
        return size > done;
    }

    /** Up to {@link #BATCH} messages not yet replayed, oldest first. */
    synchronized List<Entry> waiting() throws IOException {
        List<Entry> out = new ArrayList<>();
        if (size <= done) {
            return out;
        }
        long at = done;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(ch.position(done)))) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(512);
            while (at < size && out.size() < BATCH) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                at++;
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                try {
                    Line l = json.readValue(text, Line.class);
                    out.add(new Entry(new SmsInbound.Sms(l.sid(), l.from(), l.to(), l.body(), l.media()), l.at(), at));
                } catch (JacksonException e) {
                    log.error("SMS spool {}: line ending at byte {} is unreadable and is skipped", file, at);
                }
            }
        }
        if (out.isEmpty() && at > done) {
            replayed(at); // nothing but unreadable lines
        }
        return out;
    }

    /** Everything up to {@code end} has been replayed; once nothing more waits the file is deleted. */
    synchronized void replayed(long end) throws IOException {
        done = Math.max(done, end);
        if (done >= size) {
            Files.deleteIfExists(file);
            size = 0;
            done = 0;
        }
    }

    /** A message that could not be handled even with Redis back (a fault, not the outage): set aside, not lost. */
    synchronized void reject(Entry entry) throws IOException {
        append(rejected, entry.sms(), entry.receivedAt());
    }

    Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        if (lockChannel != null) {
            lockChannel.close(); // releases the lock
            lockChannel = null;
            lock = null;
        }
    }

    private void append(Path target, SmsInbound.Sms sms, Instant at) throws IOException {
        byte[] line = (json.writeValueAsString(new Line(sms.messageSid(), sms.from(), sms.to(), sms.body(),
                sms.numMedia(), at)) + "\n").getBytes(StandardCharsets.UTF_8);
        boolean fresh = create(target);
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
        if (fresh) {
            syncDirectory(target.getParent());
        }
        if (target.equals(file)) {
            size += line.length;
        }
    }

    /** Creates the file readable by this user only; true when it is new. */
    private static boolean create(Path target) throws IOException {
        if (Files.exists(target)) {
            return false;
        }
        Files.createDirectories(target.getParent());
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Files.createFile(target, ownerOnly);
        return true;
    }

    /** So the new file's name survives a power cut too (where the platform can sync a directory). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("Cannot sync directory {}: {}", dir, e.toString());
        }
    }

    /** The length of the whole lines; a line torn by a crash mid-write (never answered 200) is cut off. */
    private long repair() throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = ch.size();
            ByteBuffer one = ByteBuffer.allocate(1);
            while (end > 0) {
                one.clear();
                ch.read(one, end - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                end--;
            }
            if (end < ch.size()) {
                log.warn("SMS spool {}: cut a torn last line of {} bytes", file, ch.size() - end);
                ch.truncate(end);
                ch.force(true);
            }
            return end;
        }
    }
}
