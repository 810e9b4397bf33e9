package org.waymark.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.json.JsonMapper;

/** The spool on disk: what a node keeps while Redis is down is still there, whole and in order, after a restart. */
class SmsSpoolTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    static SmsInbound.Sms sms(String sid, String body) {
        return new SmsInbound.Sms(sid, "+447700900456", "+447700900123", body, 0);
    }

    @Test
    void keptTextsOutliveARestartOfTheNodeInTheOrderTheyCame(@TempDir Path dir) throws Exception {
        SmsInbound.Sms first = sms("SM1", "I can't sleep\nand I'm worried about rent £ 😟");
        SmsSpool before = new SmsSpool(dir, JSON);
        assertThat(before.holdIfBehind(first)).as("nothing waits: handle it now").isFalse();
        before.hold(first); // Redis was down for it
        assertThat(before.holdIfBehind(sms("SM2", "second"))).as("behind the first").isTrue();
        before.hold(sms("SM3", "third"));
        before.close(); // the node stops (a crash frees its lock as well)

        SmsSpool after = new SmsSpool(dir, JSON); // and starts again
        List<SmsSpool.Entry> waiting = after.waiting();

        assertThat(waiting).extracting(e -> e.sms().messageSid()).containsExactly("SM1", "SM2", "SM3");
        assertThat(waiting.get(0).sms()).isEqualTo(first);
        assertThat(waiting.get(0).receivedAt()).isNotNull();
        assertThat(after.pending()).isTrue();
    }

    @Test
    void aLineTornByACrashMidWriteIsCutAndTheRestKept(@TempDir Path dir) throws Exception {
        SmsSpool spool = new SmsSpool(dir, JSON);
        spool.hold(sms("SM1", "kept"));
        Files.write(spool.file(), "{\"sid\":\"SM2\",\"fr".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        spool.close();

        SmsSpool after = new SmsSpool(dir, JSON);
        after.hold(sms("SM3", "after the restart"));

        assertThat(after.waiting()).extracting(e -> e.sms().messageSid()).containsExactly("SM1", "SM3");
        assertThat(Files.readAllLines(after.file())).hasSize(2);
    }

    @Test
    void replayingEverythingDeletesTheFileAndAPartReplayResumesWhereItStopped(@TempDir Path dir) throws Exception {
        SmsSpool spool = new SmsSpool(dir, JSON);
        spool.hold(sms("SM1", "one"));
        spool.hold(sms("SM2", "two"));
        List<SmsSpool.Entry> waiting = spool.waiting();

        spool.replayed(waiting.get(0).end()); // Redis went again after the first
        assertThat(spool.waiting()).extracting(e -> e.sms().messageSid()).containsExactly("SM2");
        spool.replayed(waiting.get(1).end());

        assertThat(spool.pending()).isFalse();
        assertThat(Files.exists(spool.file())).as("no patient's words left on disk").isFalse();
        assertThat(spool.holdIfBehind(sms("SM3", "three"))).isFalse();
    }

    @Test
    void aSecondNodeOnTheSameDataDirectoryCannotTouchTheFirstsTexts(@TempDir Path dir) throws Exception {
        SmsSpool first = new SmsSpool(dir, JSON);
        first.hold(sms("SM1", "mine"));

        SmsSpool second = new SmsSpool(dir, JSON);
        assertThatThrownBy(() -> second.hold(sms("SM2", "yours"))).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("its own WAYMARK_DATA_DIR");
        assertThat(second.pending()).isFalse();
        assertThat(first.waiting()).extracting(e -> e.sms().messageSid()).containsExactly("SM1");

        first.close();
        second.hold(sms("SM2", "yours"));
        assertThat(second.waiting()).extracting(e -> e.sms().messageSid()).containsExactly("SM1", "SM2");
        second.close();
    }

    @Test
    void onlyThisUserCanReadTheFile(@TempDir Path dir) throws Exception {
        SmsSpool spool = new SmsSpool(dir, JSON);
        spool.hold(sms("SM1", "private words"));
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool.file())))
                    .isEqualTo("rw-------");
        }
    }
}
