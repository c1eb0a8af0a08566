// SPDX-License-Identifier: GPL-2.0-only
/*
 * workload_churn - a deterministic page-allocator and slab churn loop.
 *
 * Usage: workload_churn ITERATIONS
 *
 * The recordings in testdata/ftrace/ and the size baselines in
 * cmd/tests/bench_baselines.sh run this program, so its allocation pattern
 * must not depend on time, randomness or the environment: every iteration
 * does exactly the same system calls in the same order.
 *
 * Each iteration
 *   - maps NR_CHURN_PAGES anonymous pages, writes one byte to each page and
 *     unmaps them: order-0 mm_page_alloc on the faults, then
 *     mm_page_free_batched/mm_page_free on munmap, and pcp refills and
 *     drains (mm_page_alloc_zone_locked, mm_page_pcpu_drain) once the
 *     per-cpu lists run past their batch and high marks;
 *   - creates a pipe and a socket pair, pushes one byte through each and
 *     closes them: struct file, inode, dentry, pipe_inode_info, the pipe
 *     buffer page, sock and skb objects give kmalloc/kfree and
 *     kmem_cache_alloc/kmem_cache_free traffic on many different caches.
 * Every HUGE_EVERY iterations it also faults in one PMD-sized region
 * marked MADV_HUGEPAGE, so an order-9 allocation reaches the buddy
 * allocator when transparent_hugepage/enabled is "madvise" or "always".
 * If THP is unavailable the madvise() fails and the region is simply
 * touched as small pages; the rest of the pattern is unchanged.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

/* 64 pages per iteration: more than a pcp batch, so lists refill and drain */
#define NR_CHURN_PAGES 64
/* one THP attempt per 64 iterations keeps order-9 traffic rare but present */
#define HUGE_EVERY 64
/* PMD size on x86-64 and on arm64 with 4 KiB pages */
#define HUGE_BYTES (2UL << 20)

static long page_size;

static int churn_pages(void)
{
	size_t len = NR_CHURN_PAGES * (size_t)page_size;
	char *p;
	size_t off;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	/* a write fault allocates a real page; a read would map the zero page */
	for (off = 0; off < len; off += page_size)
		p[off] = (char)off;
	if (munmap(p, len))
		return -errno;
	return 0;
}

static int churn_huge(void)
{
	/* map twice the size so a PMD-aligned HUGE_BYTES window always fits */
	size_t len = 2 * HUGE_BYTES;
	char *p, *aligned;
	size_t off;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	aligned = (char *)(((uintptr_t)p + HUGE_BYTES - 1) & ~(HUGE_BYTES - 1));
	/* EINVAL without CONFIG_TRANSPARENT_HUGEPAGE: fall back to small pages */
	(void)madvise(aligned, HUGE_BYTES, MADV_HUGEPAGE);
	for (off = 0; off < HUGE_BYTES; off += page_size)
		aligned[off] = 1;
	if (munmap(p, len))
		return -errno;
	return 0;
}

static int churn_slab(void)
{
	int fds[2], sv[2];
	char c = 'x';
	int err = 0;

	if (pipe(fds))
		return -errno;
	/* the first write allocates the pipe buffer page */
	if (write(fds[1], &c, 1) != 1 || read(fds[0], &c, 1) != 1)
		err = -errno;
	close(fds[0]);
	close(fds[1]);
	if (err)
		return err;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		return -errno;
	/* a send allocates an skb (kmem_cache) and its data (kmalloc) */
	if (write(sv[0], &c, 1) != 1 || read(sv[1], &c, 1) != 1)
		err = -errno;
	close(sv[0]);
	close(sv[1]);
	return err;
}

int main(int argc, char **argv)
{
	unsigned long i, nr_iters;
	char *end;
	int err;

	if (argc != 2) {
		fprintf(stderr, "Usage: %s ITERATIONS\n", argv[0]);
		return 2;
	}
	errno = 0;
	nr_iters = strtoul(argv[1], &end, 10);
	if (errno || *end || end == argv[1]) {
		fprintf(stderr, "%s: bad iteration count '%s'\n", argv[0], argv[1]);
		return 2;
	}
	page_size = sysconf(_SC_PAGESIZE);

	for (i = 0; i < nr_iters; i++) {
		err = churn_pages();
		if (!err)
			err = churn_slab();
		if (!err && i % HUGE_EVERY == HUGE_EVERY - 1)
			err = churn_huge();
		if (err) {
			fprintf(stderr, "%s: iteration %lu: %s\n", argv[0], i, strerror(-err));
			return 1;
		}
	}
	return 0;
}
