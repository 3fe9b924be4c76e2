/* Reference echo server for the ceiling of the bench on this machine: one thread, epoll level-triggered, recv up to
 * 64 KiB, send it back (pending bytes kept per connection, EPOLLOUT while they wait). Prints "READY <port>". */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
typedef struct { int fd; char *pend; size_t plen, pcap; int out; } conn;
static char buf[65536];
int main(void) {
    int l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    bind(l, (void *) &a, sizeof a); listen(l, 1024);
    socklen_t al = sizeof a; getsockname(l, (void *) &a, &al);
    printf("READY %d\n", ntohs(a.sin_port)); fflush(stdout);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev);
    struct epoll_event evs[512];
    for (;;) {
        int n = epoll_wait(ep, evs, 512, -1);
        for (int i = 0; i < n; i++) {
            conn *c = evs[i].data.ptr;
            if (!c) {
                int fd;
                while ((fd = accept4(l, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    c = calloc(1, sizeof *c); c->fd = fd;
                    struct epoll_event e = {.events = EPOLLIN, .data.ptr = c};
                    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
                }
                continue;
            }
            if (c->plen) { /* flush pending first */
                ssize_t w = send(c->fd, c->pend, c->plen, MSG_NOSIGNAL);
                if (w > 0) { memmove(c->pend, c->pend + w, c->plen - w); c->plen -= w; }
                else if (w < 0 && errno != EAGAIN) goto dead;
                if (c->plen) continue;
                struct epoll_event e = {.events = EPOLLIN, .data.ptr = c};
                epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &e); c->out = 0;
            }
            ssize_t r = recv(c->fd, buf, sizeof buf, 0);
            if (r == 0 || (r < 0 && errno != EAGAIN)) goto dead;
            if (r < 0) continue;
            ssize_t w = send(c->fd, buf, r, MSG_NOSIGNAL);
            if (w < 0) { if (errno != EAGAIN) goto dead; w = 0; }
            if (w < r) {
                size_t left = r - w;
                if (c->pcap < left) { c->pend = realloc(c->pend, left); c->pcap = left; }
                memcpy(c->pend, buf + w, left); c->plen = left;
                struct epoll_event e = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
                epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &e); c->out = 1;
            }
            continue;
        dead:
            close(c->fd); free(c->pend); free(c);
        }
    }
}
