package io.polyloop.iouring;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The struct layouts and constants of {@link IoUring} against {@code <linux/io_uring.h>}: the header's values
 * written out here (always checked), the header itself through the C compiler where both are installed, and the
 * running kernel (a NOP's CQE comes back where the layout says).
 */
class IoUringLayoutTest {

    /** name → value as {@code <linux/io_uring.h>} (6.1) defines it; the same names feed the compiled check. */
    private static final Map<String, Long> HEADER = new HashMap<>();

    static {
        HEADER.put("sizeof(struct io_uring_params)", 120L);
        HEADER.put("offsetof(struct io_uring_params, sq_entries)", 0L);
        HEADER.put("offsetof(struct io_uring_params, cq_entries)", 4L);
        HEADER.put("offsetof(struct io_uring_params, flags)", 8L);
        HEADER.put("offsetof(struct io_uring_params, features)", 20L);
        HEADER.put("offsetof(struct io_uring_params, sq_off)", 40L);
        HEADER.put("offsetof(struct io_uring_params, cq_off)", 80L);
        HEADER.put("offsetof(struct io_sqring_offsets, head)", 0L);
        HEADER.put("offsetof(struct io_sqring_offsets, tail)", 4L);
        HEADER.put("offsetof(struct io_sqring_offsets, ring_mask)", 8L);
        HEADER.put("offsetof(struct io_sqring_offsets, ring_entries)", 12L);
        HEADER.put("offsetof(struct io_sqring_offsets, flags)", 16L);
        HEADER.put("offsetof(struct io_sqring_offsets, dropped)", 20L);
        HEADER.put("offsetof(struct io_sqring_offsets, array)", 24L);
        HEADER.put("offsetof(struct io_cqring_offsets, head)", 0L);
        HEADER.put("offsetof(struct io_cqring_offsets, tail)", 4L);
        HEADER.put("offsetof(struct io_cqring_offsets, ring_mask)", 8L);
        HEADER.put("offsetof(struct io_cqring_offsets, ring_entries)", 12L);
        HEADER.put("offsetof(struct io_cqring_offsets, overflow)", 16L);
        HEADER.put("offsetof(struct io_cqring_offsets, cqes)", 20L);
        HEADER.put("sizeof(struct io_uring_sqe)", 64L);
        HEADER.put("offsetof(struct io_uring_sqe, opcode)", 0L);
        HEADER.put("offsetof(struct io_uring_sqe, flags)", 1L);
        HEADER.put("offsetof(struct io_uring_sqe, ioprio)", 2L);
        HEADER.put("offsetof(struct io_uring_sqe, fd)", 4L);
        HEADER.put("offsetof(struct io_uring_sqe, off)", 8L);
        HEADER.put("offsetof(struct io_uring_sqe, addr)", 16L);
        HEADER.put("offsetof(struct io_uring_sqe, len)", 24L);
        HEADER.put("offsetof(struct io_uring_sqe, msg_flags)", 28L);
        HEADER.put("offsetof(struct io_uring_sqe, user_data)", 32L);
        HEADER.put("offsetof(struct io_uring_sqe, buf_group)", 40L);
        HEADER.put("sizeof(struct io_uring_cqe)", 16L);
        HEADER.put("offsetof(struct io_uring_cqe, user_data)", 0L);
        HEADER.put("offsetof(struct io_uring_cqe, res)", 8L);
        HEADER.put("offsetof(struct io_uring_cqe, flags)", 12L);
        HEADER.put("sizeof(struct io_uring_probe)", 16L);
        HEADER.put("sizeof(struct io_uring_probe_op)", 8L);
        HEADER.put("offsetof(struct io_uring_probe_op, flags)", 2L);
        HEADER.put("sizeof(struct io_uring_buf)", 16L);
        HEADER.put("offsetof(struct io_uring_buf, addr)", 0L);
        HEADER.put("offsetof(struct io_uring_buf, len)", 8L);
        HEADER.put("offsetof(struct io_uring_buf, bid)", 12L);
        HEADER.put("offsetof(struct io_uring_buf_ring, tail)", 14L);
        HEADER.put("sizeof(struct io_uring_buf_reg)", 40L);
        HEADER.put("offsetof(struct io_uring_buf_reg, ring_entries)", 8L);
        HEADER.put("offsetof(struct io_uring_buf_reg, bgid)", 12L);
        HEADER.put("sizeof(struct io_uring_getevents_arg)", 24L);
        HEADER.put("offsetof(struct io_uring_getevents_arg, ts)", 16L);
        HEADER.put("IORING_OP_SEND", 26L);
        HEADER.put("IORING_OP_RECV", 27L);
        HEADER.put("IORING_OP_READ", 22L);
        HEADER.put("IORING_OP_WRITE", 23L);
        HEADER.put("IORING_OP_CONNECT", 16L);
        HEADER.put("IORING_OP_ACCEPT", 13L);
        HEADER.put("IORING_OP_ASYNC_CANCEL", 14L);
        HEADER.put("IORING_OP_SENDMSG", 9L);
        HEADER.put("IORING_OP_RECVMSG", 10L);
        HEADER.put("IORING_OP_POLL_ADD", 6L);
        HEADER.put("IORING_OP_FSYNC", 3L);
        HEADER.put("IORING_OP_SOCKET", 45L);
        HEADER.put("IORING_SETUP_CQSIZE", 8L);
        HEADER.put("IORING_SETUP_SUBMIT_ALL", 128L);
        HEADER.put("IORING_SETUP_COOP_TASKRUN", 256L);
        HEADER.put("IORING_SETUP_SINGLE_ISSUER", 4096L);
        HEADER.put("IORING_SETUP_DEFER_TASKRUN", 8192L);
        HEADER.put("IORING_FEAT_NODROP", 2L);
        HEADER.put("IORING_FEAT_EXT_ARG", 256L);
        HEADER.put("IORING_ENTER_GETEVENTS", 1L);
        HEADER.put("IORING_ENTER_EXT_ARG", 8L);
        HEADER.put("IORING_REGISTER_PROBE", 8L);
        HEADER.put("IORING_REGISTER_PBUF_RING", 22L);
        HEADER.put("IORING_SQ_CQ_OVERFLOW", 2L);
        HEADER.put("IORING_CQE_F_MORE", 2L);
        HEADER.put("IORING_CQE_BUFFER_SHIFT", 16L);
        HEADER.put("IORING_OFF_CQ_RING", 0x8000000L);
        HEADER.put("IORING_OFF_SQES", 0x10000000L);
        HEADER.put("IORING_ACCEPT_MULTISHOT", 1L);
        HEADER.put("IORING_RECV_MULTISHOT", 2L);
    }

    /** What this backend uses, by the header's names. */
    private static Map<String, Long> ours() {
        Map<String, Long> m = new HashMap<>();
        m.put("sizeof(struct io_uring_params)", (long) IoUring.PARAMS_SIZE);
        m.put("offsetof(struct io_uring_params, sq_entries)", (long) IoUring.PARAMS_SQ_ENTRIES);
        m.put("offsetof(struct io_uring_params, cq_entries)", (long) IoUring.PARAMS_CQ_ENTRIES);
        m.put("offsetof(struct io_uring_params, flags)", (long) IoUring.PARAMS_FLAGS);
        m.put("offsetof(struct io_uring_params, features)", (long) IoUring.PARAMS_FEATURES);
        m.put("offsetof(struct io_uring_params, sq_off)", (long) IoUring.PARAMS_SQ_OFF);
        m.put("offsetof(struct io_uring_params, cq_off)", (long) IoUring.PARAMS_CQ_OFF);
        m.put("offsetof(struct io_sqring_offsets, head)", (long) IoUring.SQ_OFF_HEAD);
        m.put("offsetof(struct io_sqring_offsets, tail)", (long) IoUring.SQ_OFF_TAIL);
        m.put("offsetof(struct io_sqring_offsets, ring_mask)", (long) IoUring.SQ_OFF_RING_MASK);
        m.put("offsetof(struct io_sqring_offsets, ring_entries)", (long) IoUring.SQ_OFF_RING_ENTRIES);
        m.put("offsetof(struct io_sqring_offsets, flags)", (long) IoUring.SQ_OFF_FLAGS);
        m.put("offsetof(struct io_sqring_offsets, dropped)", (long) IoUring.SQ_OFF_DROPPED);
        m.put("offsetof(struct io_sqring_offsets, array)", (long) IoUring.SQ_OFF_ARRAY);
        m.put("offsetof(struct io_cqring_offsets, head)", (long) IoUring.CQ_OFF_HEAD);
        m.put("offsetof(struct io_cqring_offsets, tail)", (long) IoUring.CQ_OFF_TAIL);
        m.put("offsetof(struct io_cqring_offsets, ring_mask)", (long) IoUring.CQ_OFF_RING_MASK);
        m.put("offsetof(struct io_cqring_offsets, ring_entries)", (long) IoUring.CQ_OFF_RING_ENTRIES);
        m.put("offsetof(struct io_cqring_offsets, overflow)", (long) IoUring.CQ_OFF_OVERFLOW);
        m.put("offsetof(struct io_cqring_offsets, cqes)", (long) IoUring.CQ_OFF_CQES);
        m.put("sizeof(struct io_uring_sqe)", (long) IoUring.SQE_SIZE);
        m.put("offsetof(struct io_uring_sqe, opcode)", (long) IoUring.SQE_OPCODE);
        m.put("offsetof(struct io_uring_sqe, flags)", (long) IoUring.SQE_FLAGS);
        m.put("offsetof(struct io_uring_sqe, ioprio)", (long) IoUring.SQE_IOPRIO);
        m.put("offsetof(struct io_uring_sqe, fd)", (long) IoUring.SQE_FD);
        m.put("offsetof(struct io_uring_sqe, off)", (long) IoUring.SQE_OFF);
        m.put("offsetof(struct io_uring_sqe, addr)", (long) IoUring.SQE_ADDR);
        m.put("offsetof(struct io_uring_sqe, len)", (long) IoUring.SQE_LEN);
        m.put("offsetof(struct io_uring_sqe, msg_flags)", (long) IoUring.SQE_OP_FLAGS);
        m.put("offsetof(struct io_uring_sqe, user_data)", (long) IoUring.SQE_USER_DATA);
        m.put("offsetof(struct io_uring_sqe, buf_group)", (long) IoUring.SQE_BUF_GROUP);
        m.put("sizeof(struct io_uring_cqe)", (long) IoUring.CQE_SIZE);
        m.put("offsetof(struct io_uring_cqe, user_data)", (long) IoUring.CQE_USER_DATA);
        m.put("offsetof(struct io_uring_cqe, res)", (long) IoUring.CQE_RES);
        m.put("offsetof(struct io_uring_cqe, flags)", (long) IoUring.CQE_FLAGS);
        m.put("sizeof(struct io_uring_probe)", (long) IoUring.PROBE_OPS);
        m.put("sizeof(struct io_uring_probe_op)", (long) IoUring.PROBE_OP_SIZE);
        m.put("offsetof(struct io_uring_probe_op, flags)", (long) IoUring.PROBE_OP_FLAGS);
        m.put("sizeof(struct io_uring_buf)", (long) IoUring.BUF_SIZE);
        m.put("offsetof(struct io_uring_buf, addr)", (long) IoUring.BUF_ADDR);
        m.put("offsetof(struct io_uring_buf, len)", (long) IoUring.BUF_LEN);
        m.put("offsetof(struct io_uring_buf, bid)", (long) IoUring.BUF_BID);
        m.put("offsetof(struct io_uring_buf_ring, tail)", (long) IoUring.BUF_RING_TAIL);
        m.put("sizeof(struct io_uring_buf_reg)", (long) IoUring.BUF_REG_SIZE);
        m.put("offsetof(struct io_uring_buf_reg, ring_entries)", (long) IoUring.BUF_REG_RING_ENTRIES);
        m.put("offsetof(struct io_uring_buf_reg, bgid)", (long) IoUring.BUF_REG_BGID);
        m.put("sizeof(struct io_uring_getevents_arg)", (long) IoUring.GETEVENTS_ARG_SIZE);
        m.put("offsetof(struct io_uring_getevents_arg, ts)", (long) IoUring.GETEVENTS_ARG_TS);
        m.put("IORING_OP_SEND", (long) IoUring.OP_SEND);
        m.put("IORING_OP_RECV", (long) IoUring.OP_RECV);
        m.put("IORING_OP_READ", (long) IoUring.OP_READ);
        m.put("IORING_OP_WRITE", (long) IoUring.OP_WRITE);
        m.put("IORING_OP_CONNECT", (long) IoUring.OP_CONNECT);
        m.put("IORING_OP_ACCEPT", (long) IoUring.OP_ACCEPT);
        m.put("IORING_OP_ASYNC_CANCEL", (long) IoUring.OP_ASYNC_CANCEL);
        m.put("IORING_OP_SENDMSG", (long) IoUring.OP_SENDMSG);
        m.put("IORING_OP_RECVMSG", (long) IoUring.OP_RECVMSG);
        m.put("IORING_OP_POLL_ADD", (long) IoUring.OP_POLL_ADD);
        m.put("IORING_OP_FSYNC", (long) IoUring.OP_FSYNC);
        m.put("IORING_OP_SOCKET", (long) IoUring.OP_SOCKET);
        m.put("IORING_SETUP_CQSIZE", (long) IoUring.SETUP_CQSIZE);
        m.put("IORING_SETUP_SUBMIT_ALL", (long) IoUring.SETUP_SUBMIT_ALL);
        m.put("IORING_SETUP_COOP_TASKRUN", (long) IoUring.SETUP_COOP_TASKRUN);
        m.put("IORING_SETUP_SINGLE_ISSUER", (long) IoUring.SETUP_SINGLE_ISSUER);
        m.put("IORING_SETUP_DEFER_TASKRUN", (long) IoUring.SETUP_DEFER_TASKRUN);
        m.put("IORING_FEAT_NODROP", (long) IoUring.FEAT_NODROP);
        m.put("IORING_FEAT_EXT_ARG", (long) IoUring.FEAT_EXT_ARG);
        m.put("IORING_ENTER_GETEVENTS", (long) IoUring.ENTER_GETEVENTS);
        m.put("IORING_ENTER_EXT_ARG", (long) IoUring.ENTER_EXT_ARG);
        m.put("IORING_REGISTER_PROBE", (long) IoUring.REGISTER_PROBE);
        m.put("IORING_REGISTER_PBUF_RING", (long) IoUring.REGISTER_PBUF_RING);
        m.put("IORING_SQ_CQ_OVERFLOW", (long) IoUring.SQ_CQ_OVERFLOW);
        m.put("IORING_CQE_F_MORE", (long) IoUring.CQE_F_MORE);
        m.put("IORING_CQE_BUFFER_SHIFT", (long) IoUring.CQE_BUFFER_SHIFT);
        m.put("IORING_OFF_CQ_RING", IoUring.OFF_CQ_RING);
        m.put("IORING_OFF_SQES", IoUring.OFF_SQES);
        m.put("IORING_ACCEPT_MULTISHOT", (long) IoUring.ACCEPT_MULTISHOT);
        m.put("IORING_RECV_MULTISHOT", (long) IoUring.RECV_MULTISHOT);
        return m;
    }

    @Test
    @Timeout(10)
    void everyLayoutValueMatchesTheHeader() {
        assertEquals(HEADER, ours());
    }

    /** Compiles the same names against the installed header (skipped without cc or linux headers). */
    @Test
    @Timeout(60)
    void theInstalledHeaderAgrees(@TempDir Path dir) throws Exception {
        Path header = Path.of("/usr/include/linux/io_uring.h");
        Assumptions.assumeTrue(Files.isReadable(header), "no " + header + " (linux-libc-dev) here");
        StringBuilder c = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include <linux/io_uring.h>\n"
                + "int main(void) {\n");
        for (String name : HEADER.keySet()) {
            c.append("  printf(\"%s=%llu\\n\", \"").append(name).append("\", (unsigned long long) (")
                    .append(name).append("));\n");
        }
        c.append("  return 0;\n}\n");
        Path src = Files.writeString(dir.resolve("layout.c"), c.toString());
        Path exe = dir.resolve("layout");
        Process cc;
        try {
            cc = new ProcessBuilder(List.of("cc", "-o", exe.toString(), src.toString())).redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            Assumptions.abort("no C compiler here: " + e.getMessage());
            return;
        }
        String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cc.waitFor(50, TimeUnit.SECONDS));
        Assumptions.assumeTrue(cc.exitValue() == 0, "the installed header lacks a name we use (older than 6.1?): "
                + ccOut);
        Process run = new ProcessBuilder(exe.toString()).start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(5, TimeUnit.SECONDS));
        Map<String, Long> compiled = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.lastIndexOf('=');
            compiled.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
        }
        assertEquals(HEADER, compiled);
    }

    /** The kernel fills a CQE where the layout says: a NOP's user_data at 0, its res at 8. */
    @Test
    @Timeout(10)
    void theKernelWritesCqesWhereTheLayoutSays() throws IOException {
        Assumptions.assumeTrue(new IoUringBackendProvider().probe().isAvailable());
        Ring ring = Ring.open(16, 32, 0);
        try {
            long magic = 0x0123456789abcdefL;
            Sqe.prep(ring.sq.sqes(), ring.sqe(), IoUring.OP_NOP, -1, 0, 0, 0, 0, magic);
            assertEquals(1, ring.enter(-1));
            assertEquals(1, ring.cq.ready());
            assertEquals(magic, ring.cq.userData(0));
            assertEquals(0, ring.cq.res(0));
            ring.cq.advance(1);
            assertEquals(32, ring.cq.entries(), "cq_entries as asked with IORING_SETUP_CQSIZE");
        } finally {
            ring.close();
        }
    }
}
