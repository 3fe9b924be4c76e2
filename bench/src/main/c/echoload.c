/*
 * echoload: the neutral load generator of polyloop's echo benchmark.
 *
 * One thread, epoll, N non-blocking TCP connections to one echo server on loopback. Each connection keeps up to
 * DEPTH messages of SIZE bytes in flight (pipelined), tops up with one write per batch, and checks that every
 * message comes back whole and in order (its first 8 bytes carry a per-connection sequence number). The latency of
 * each message (from just before the write that carried it to the read that completed it) is recorded; the samples
 * of the measured window are written to a file as native-endian uint32 nanoseconds (saturated at ~4.29 s).
 *
 * Written in C, not on the JVM and not on polyloop, so that the same client drives every server and no JIT or GC
 * of the client lands in one server's figures and not another's.
 *
 * Protocol on stdout (line-buffered), read by io.polyloop.bench.echo.LoadGenerator:
 *   CONNECTED <n> <failed>       all connections attempted
 *   WARM_DONE                    the measured window starts now
 *   MEASURE_DONE                 the measured window ends now
 *   RESULT key=value ...         the figures; then the program exits
 * With -H (hold) it only connects, prints CONNECTED, and keeps the connections idle until stdin closes.
 * With -a CPU it pins itself to that CPU first (sched_setaffinity), so that the generator does not migrate between
 * cores during a run and the server's threads compete with it on one known core only.
 *
 * Every run is bounded: the connect phase by 20 s + 4 ms per connection, the rest by an alarm WARMUP+DURATION+90 s
 * after it, whatever happens. The measured window starts after the warm-up once every connection has been answered
 * at least once (at most 60 s later).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_EVENTS 1024
#define CONNECT_BATCH 256

typedef struct {
    int fd;
    int connected;
    int want_out;          /* EPOLLOUT armed */
    uint64_t next_send_seq;
    uint64_t next_recv_seq;
    uint32_t recv_off;     /* offset inside the message being received */
    uint8_t hdr[8];        /* first 8 bytes of the message being received */
    int inflight;
    int answered;          /* at least one message came back: the server has accepted and serves it */
    uint64_t *sent_at;     /* ring of DEPTH send timestamps, indexed by seq % depth */
    uint8_t *obuf;         /* staging for the batch being written */
    size_t olen, ooff;
} conn_t;

static const char *host = "127.0.0.1";
static int port = 0, nconns = 100, size = 64, depth = 16, hold = 0, cpu = -1;
static double warmup = 1.0, duration = 3.0;
static const char *out_path = NULL;
static long max_samples = 32L * 1024 * 1024;

static uint32_t *samples;
static long nsamples = 0, samples_dropped = 0;
static long measured_msgs = 0, total_msgs = 0, mismatches = 0, io_errors = 0, answered = 0;
static int phase = 0;      /* 0 warm-up, 1 measuring, 2 draining */
static uint64_t measure_start, measure_end;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000000ull + (uint64_t) ts.tv_nsec;
}

static double cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void usage(void) {
    fprintf(stderr, "usage: echoload -p PORT [-h HOST] [-c CONNS] [-s SIZE] [-d DEPTH] [-w WARMUP_S] [-t DURATION_S]"
                    " [-o SAMPLES_FILE] [-m MAX_SAMPLES] [-a CPU] [-H]\n");
    exit(2);
}

static void arm(int ep, conn_t *c, int out) {
    if (c->want_out == out) return;
    struct epoll_event ev = {.events = EPOLLIN | (out ? EPOLLOUT : 0), .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) { perror("epoll_ctl mod"); exit(1); }
    c->want_out = out;
}

/* Writes what is staged; 0 on success (even partial), -1 on a broken connection. */
static int flush_out(int ep, conn_t *c) {
    while (c->ooff < c->olen) {
        ssize_t n = send(c->fd, c->obuf + c->ooff, c->olen - c->ooff, MSG_NOSIGNAL);
        if (n > 0) { c->ooff += (size_t) n; continue; }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) { arm(ep, c, 1); return 0; }
        if (n < 0 && errno == EINTR) continue;
        return -1;
    }
    c->olen = c->ooff = 0;
    arm(ep, c, 0);
    return 0;
}

/* Stages as many messages as the pipeline has room for, in one write. */
static int top_up(int ep, conn_t *c) {
    if (phase == 2 || c->olen != c->ooff || c->inflight >= depth) return 0;
    int k = depth - c->inflight;
    uint64_t t = now_ns();
    for (int i = 0; i < k; i++) {
        uint8_t *m = c->obuf + (size_t) i * size;
        uint64_t seq = c->next_send_seq++;
        memcpy(m, &seq, 8);
        c->sent_at[seq % depth] = t;
    }
    c->inflight += k;
    c->olen = (size_t) k * size;
    c->ooff = 0;
    return flush_out(ep, c);
}

static void complete_message(conn_t *c, uint64_t t) {
    uint64_t seq;
    memcpy(&seq, c->hdr, 8);
    if (seq != c->next_recv_seq) mismatches++;
    uint64_t sent = c->sent_at[c->next_recv_seq % depth];
    c->next_recv_seq++;
    c->inflight--;
    total_msgs++;
    if (!c->answered) { c->answered = 1; answered++; }
    if (phase == 1 && sent >= measure_start) {
        measured_msgs++;
        if (nsamples < max_samples) {
            uint64_t lat = t - sent;
            samples[nsamples++] = lat > UINT32_MAX ? UINT32_MAX : (uint32_t) lat;
        } else {
            samples_dropped++;
        }
    }
}

static int on_readable(conn_t *c, uint8_t *buf, size_t cap) {
    for (;;) {
        ssize_t n = recv(c->fd, buf, cap, 0);
        if (n == 0) return -1;
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
            if (errno == EINTR) continue;
            return -1;
        }
        uint64_t t = now_ns();
        size_t i = 0;
        while (i < (size_t) n) {
            if (c->recv_off < 8) {
                size_t take = 8 - c->recv_off;
                if (take > (size_t) n - i) take = (size_t) n - i;
                memcpy(c->hdr + c->recv_off, buf + i, take);
                c->recv_off += take;
                i += take;
            } else {
                size_t take = (size_t) size - c->recv_off;
                if (take > (size_t) n - i) take = (size_t) n - i;
                c->recv_off += take;
                i += take;
            }
            if (c->recv_off == (uint32_t) size) {
                complete_message(c, t);
                c->recv_off = 0;
            }
        }
        if ((size_t) n < cap) return 0;
    }
}

static int set_nonblock_nodelay(int fd) {
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    /* Reset on close: runs of 10 000 connections one after another would otherwise leave the ephemeral ports in
       TIME_WAIT on this side and run out of them. */
    struct linger lg = {.l_onoff = 1, .l_linger = 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    return fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* Connects every connection, CONNECT_BATCH at a time so a listen backlog of 1024 is never overrun. */
static int connect_all(int ep, conn_t *conns, struct sockaddr_in *sa) {
    int failed = 0;
    uint64_t overall = now_ns() + (20ull + (uint64_t) nconns / 250) * 1000000000ull;
    for (int base = 0; base < nconns; base += CONNECT_BATCH) {
        int end = base + CONNECT_BATCH < nconns ? base + CONNECT_BATCH : nconns;
        int pending = 0;
        for (int i = base; i < end; i++) {
            conn_t *c = &conns[i];
            c->fd = socket(AF_INET, SOCK_STREAM, 0);
            if (c->fd < 0) { perror("socket"); failed++; continue; }
            set_nonblock_nodelay(c->fd);
            int r = connect(c->fd, (struct sockaddr *) sa, sizeof *sa);
            if (r < 0 && errno != EINPROGRESS) { close(c->fd); c->fd = -1; failed++; continue; }
            struct epoll_event ev = {.events = EPOLLOUT, .data.ptr = c};
            epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
            c->want_out = 1;
            pending++;
        }
        uint64_t deadline = now_ns() + 10ull * 1000000000ull;
        if (deadline > overall) deadline = overall;
        struct epoll_event evs[MAX_EVENTS];
        while (pending > 0 && now_ns() < deadline) {
            int n = epoll_wait(ep, evs, MAX_EVENTS, 100);
            for (int k = 0; k < n; k++) {
                conn_t *c = evs[k].data.ptr;
                if (c->connected || c->fd < 0) continue;
                int err = 0;
                socklen_t len = sizeof err;
                getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
                pending--;
                if (err != 0) {
                    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                    close(c->fd);
                    c->fd = -1;
                    failed++;
                } else {
                    c->connected = 1;
                    arm(ep, c, 0);
                }
            }
        }
        failed += pending; /* timed out */
    }
    return failed;
}

static void write_samples(void) {
    if (out_path == NULL) return;
    FILE *f = fopen(out_path, "wb");
    if (f == NULL) { perror(out_path); exit(1); }
    if (nsamples > 0 && fwrite(samples, sizeof(uint32_t), (size_t) nsamples, f) != (size_t) nsamples) {
        perror("fwrite");
        exit(1);
    }
    fclose(f);
}

int main(int argc, char **argv) {
    int opt;
    while ((opt = getopt(argc, argv, "h:p:c:s:d:w:t:o:m:a:H")) != -1) {
        switch (opt) {
            case 'h': host = optarg; break;
            case 'p': port = atoi(optarg); break;
            case 'c': nconns = atoi(optarg); break;
            case 's': size = atoi(optarg); break;
            case 'd': depth = atoi(optarg); break;
            case 'w': warmup = atof(optarg); break;
            case 't': duration = atof(optarg); break;
            case 'o': out_path = optarg; break;
            case 'm': max_samples = atol(optarg); break;
            case 'H': hold = 1; break;
            case 'a': cpu = atoi(optarg); break;
            default: usage();
        }
    }
    if (cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        if (cpu >= CPU_SETSIZE || sched_setaffinity(0, sizeof set, &set) != 0) {
            fprintf(stderr, "echoload: cannot pin to CPU %d: %s\n", cpu, strerror(errno));
            return 2;
        }
    }
    if (port <= 0 || port > 65535 || nconns < 1 || size < 8 || size > (1 << 20) || depth < 1 || depth > 4096
        || warmup < 0 || duration <= 0 || duration > 3600 || max_samples < 0) {
        fprintf(stderr, "echoload: bad arguments (port 1-65535, conns >= 1, size 8..1048576, depth 1..4096,"
                        " duration 0..3600 s)\n");
        usage();
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    alarm(30u + (unsigned) (nconns / 250)); /* the connect phase; re-armed for the load below */

    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t) port)};
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) { fprintf(stderr, "echoload: bad host %s\n", host); return 2; }

    int ep = epoll_create1(EPOLL_CLOEXEC);
    conn_t *conns = calloc((size_t) nconns, sizeof(conn_t));
    samples = hold ? NULL : malloc((size_t) max_samples * sizeof(uint32_t) + 1);
    if (conns == NULL || (!hold && samples == NULL)) { fprintf(stderr, "echoload: out of memory\n"); return 1; }
    int failed = connect_all(ep, conns, &sa);
    printf("CONNECTED %d %d\n", nconns - failed, failed);
    if (hold) {
        char b[64];
        while (read(0, b, sizeof b) > 0) { }
        return 0;
    }
    for (int i = 0; i < nconns; i++) {
        conns[i].sent_at = calloc((size_t) depth, sizeof(uint64_t));
        conns[i].obuf = calloc((size_t) depth, (size_t) size);
        if (conns[i].sent_at == NULL || conns[i].obuf == NULL) { fprintf(stderr, "echoload: out of memory\n"); return 1; }
    }

    alarm((unsigned) (warmup + duration) + 90u);
    size_t cap = (size_t) size * (size_t) depth;
    if (cap < 65536) cap = 65536;
    uint8_t *buf = malloc(cap);
    uint64_t start = now_ns();
    uint64_t warm_end = start + (uint64_t) (warmup * 1e9);
    uint64_t stop = 0;
    uint64_t drain_deadline = 0;
    double cpu0 = 0;
    int live = 0;
    for (int i = 0; i < nconns; i++) {
        if (conns[i].connected) {
            live++;
            if (top_up(ep, &conns[i]) < 0) { io_errors++; }
        }
    }

    struct epoll_event evs[MAX_EVENTS];
    for (;;) {
        uint64_t t = now_ns();
        /* The measured window starts once the warm-up time is over AND every connection has been answered once
           (a server still accepting would otherwise be measured on part of its connections), or 60 s later. */
        if (phase == 0 && t >= warm_end && (answered >= live || t >= warm_end + 60000000000ull)) {
            phase = 1;
            measure_start = t;
            stop = t + (uint64_t) (duration * 1e9);
            cpu0 = cpu_seconds();
            printf("WARM_DONE\n");
        } else if (phase == 1 && t >= stop) {
            phase = 2;
            measure_end = t;
            printf("MEASURE_DONE\n");
            drain_deadline = t + 1000000000ull;
        }
        if (phase == 2) {
            int busy = 0;
            for (int i = 0; i < nconns && !busy; i++) busy = conns[i].connected && conns[i].inflight > 0;
            if (!busy || t >= drain_deadline || live == 0) break;
        }
        int n = epoll_wait(ep, evs, MAX_EVENTS, 10);
        for (int k = 0; k < n; k++) {
            conn_t *c = evs[k].data.ptr;
            if (!c->connected) continue;
            int bad = 0;
            if (evs[k].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) bad = on_readable(c, buf, cap) < 0;
            if (!bad && (evs[k].events & EPOLLOUT)) bad = flush_out(ep, c) < 0;
            if (!bad) bad = top_up(ep, c) < 0;
            if (bad) {
                io_errors++;
                epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
                close(c->fd);
                c->connected = 0;
                live--;
            }
        }
    }
    double secs = (measure_end - measure_start) / 1e9;
    double cpu = cpu_seconds() - cpu0;
    long lost = 0, silent = 0;
    for (int i = 0; i < nconns; i++) {
        if (conns[i].connected) lost += conns[i].inflight;
        if (conns[i].connected && !conns[i].answered) silent++; /* still open, never echoed anything */
    }
    write_samples();
    printf("RESULT msgs=%ld secs=%.6f samples=%ld samples_dropped=%ld mismatches=%ld io_errors=%ld "
           "connected=%d failed=%d unanswered=%ld never_answered=%ld total_msgs=%ld client_cpu=%.3f\n",
           measured_msgs, secs, nsamples, samples_dropped, mismatches, io_errors, nconns - failed, failed, lost,
           silent, total_msgs, cpu);
    return 0;
}
